// The portal's words in French: plain words, short sentences, "vous". The frame's (skip links,
// language switch, sign-out, error summary) are @relais/web's, the same on every face. Pure.
import { FRAME_WORDS } from '@relais/web/text';

export const fr = {
  ...FRAME_WORDS.fr,
  serviceName: 'Relais',
  /** Before a list or a value: French puts a no-break space before the colon. */
  colon: '\u00a0: ',
  serviceTagline: 'Vos données entre administrations',
  navHome: 'Accueil',
  navConsents: 'Mes accords',
  navAccessLog: 'Qui a reçu mes données',
  navNotices: 'Mes messages',
  navPreferences: 'Mes préférences',
  navWhoActed: 'Qui a agi pour moi',
  signIn: 'Se connecter',
  signedInAs: (name: string) => `Connecté·e : ${name}`,
  footer:
    'Relais transmet vos informations entre administrations, avec votre accord ou quand la loi le prévoit, et vous montre chaque transmission. Démonstration : aucune donnée réelle.',
  // Sign-in
  welcomeTitle: 'Vos données entre administrations',
  welcomeLead:
    'Dites une seule fois à une administration ce qui change dans votre vie. Relais le transmet aux autres, avec votre accord ou quand la loi le prévoit, et vous montre qui a reçu quoi.',
  welcomeWhat: 'Avec votre espace, vous pouvez :',
  welcomeList: [
    'donner ou retirer votre accord pour qu’une administration reçoive certaines de vos informations ;',
    'voir qui a reçu vos informations, quand et pourquoi ;',
    'lire les messages sur les aides auxquelles vous avez probablement droit.',
  ],
  fcButton: 'S’identifier avec',
  fcWhat: 'Qu’est-ce que FranceConnect ?',
  fcWhatNewWindow: 'Qu’est-ce que FranceConnect ? - nouvelle fenêtre',
  signInTitle: 'Connexion',
  // Home
  homeTitle: (name: string) => `Bonjour ${name}`,
  homeLead: 'Voici ce que Relais sait qu’il peut partager, et ce qu’il a trouvé pour vous.',
  homeFoundTitle: 'Ce que Relais a trouvé pour vous',
  homeNoticesCount: (n: number) =>
    n === 0
      ? 'Aucun message sur une aide pour l’instant.'
      : n === 1
        ? '1 message sur une aide à laquelle vous avez probablement droit.'
        : `${n} messages sur des aides auxquelles vous avez probablement droit.`,
  homeDeliveriesCount: (n: number) =>
    n === 0
      ? 'Aucune administration n’a encore reçu vos informations par Relais.'
      : n === 1
        ? '1 transmission de vos informations à une administration.'
        : `${n} transmissions de vos informations à des administrations.`,
  homeConsentsCount: (n: number) =>
    n === 0
      ? 'Vous n’avez donné aucun accord en cours.'
      : n === 1
        ? 'Vous avez donné 1 accord en cours.'
        : `Vous avez donné ${n} accords en cours.`,
  homeMayShareTitle: 'Ce que Relais peut partager',
  homeMayShareLead:
    'Chaque ligne dit quelle administration peut recevoir quelles informations, pour quoi faire, et sur quelle base.',
  homeLawTitle: 'Sans vous demander, parce que la loi le prévoit',
  homeConsentTitle: 'Seulement si vous êtes d’accord',
  colRecipient: 'Administration',
  colData: 'Informations',
  colPurpose: 'Pour quoi faire',
  colBasis: 'Base',
  colWhen: 'Quand',
  colStatus: 'État',
  colActions: 'Actions',
  colFields: 'Informations transmises',
  colConsent: 'Accord',
  colProof: 'Preuve',
  // Consents
  consentsTitle: 'Mes accords',
  consentsLead:
    'Un accord permet à une administration de recevoir certaines de vos informations, pour un usage précis. Vous pouvez le retirer à tout moment, en un clic.',
  consentsNone: 'Vous n’avez donné aucun accord.',
  consentsNew: 'Donner un nouvel accord',
  consentRevoke: 'Retirer mon accord',
  consentRevokeFor: (what: string) => `Retirer mon accord : ${what}`,
  consentReceipt: 'Télécharger le reçu',
  consentReceiptFor: (what: string) => `Télécharger le reçu : ${what}`,
  consentGrantedOn: (d: string) => `donné le ${d}`,
  consentUntil: (d: string) => `jusqu’au ${d}`,
  consentNoEnd: 'jusqu’à ce que vous le retiriez',
  consentRevokedOn: (d: string) => `retiré le ${d}`,
  statusActive: 'En cours',
  statusRevoked: 'Retiré',
  statusExpired: 'Expiré',
  consentSentence: (recipient: string, categories: string, purpose: string) =>
    `${recipient} peut recevoir : ${categories}. Pour : ${purpose}.`,
  revokedFlash: (what: string) =>
    `Votre accord est retiré : ${what}. Plus rien ne sera transmis à ce titre.`,
  grantedFlash: (what: string) =>
    `Votre accord est enregistré : ${what}. Votre reçu signé est disponible ci-dessous.`,
  revokeAllTitle: 'Retirer tous mes accords',
  revokeAllLead:
    'Plus aucune administration ne recevra vos informations sur la base de votre accord. Ce que la loi prévoit continuera d’être transmis.',
  revokeAllButton: 'Retirer tous mes accords',
  revokeAllNone: 'Vous n’avez aucun accord en cours.',
  revokeAllDone: (n: number) =>
    n === 1 ? '1 accord a été retiré.' : `${n} accords ont été retirés.`,
  revokeAllLink: 'Retirer tous mes accords en une fois',
  // Step-up
  stepUpTitle: 'Une connexion renforcée est nécessaire',
  stepUpHidden: (n: number) =>
    n === 1
      ? '1 élément concerne votre santé ou un handicap. Pour le voir, connectez-vous avec un niveau de sécurité plus élevé (eIDAS substantiel).'
      : `${n} éléments concernent votre santé ou un handicap. Pour les voir, connectez-vous avec un niveau de sécurité plus élevé (eIDAS substantiel).`,
  stepUpGrant:
    'Pour partager des informations de santé ou de handicap, connectez-vous avec un niveau de sécurité plus élevé (eIDAS substantiel).',
  stepUpButton: 'Me connecter avec un niveau plus élevé',
  // Grant form
  grantTitle: 'Donner un nouvel accord',
  grantLead: 'Choisissez qui peut recevoir quoi, pour quoi faire, et jusqu’à quand.',
  grantPurpose: 'Pour quoi faire ?',
  grantRecipient: 'Qui peut recevoir vos informations ?',
  grantRecipientHint: 'Une administration précise, ou toutes celles d’un domaine.',
  grantRecipientChoose: 'Choisissez',
  grantAgencies: 'Une administration',
  grantSectors: 'Toutes les administrations d’un domaine',
  grantCategories: 'Quelles informations ?',
  grantCategoriesHint: 'Cochez au moins une case.',
  grantExpires: 'Jusqu’à quand ? (facultatif)',
  grantExpiresHint:
    'Laissez vide pour un accord valable jusqu’à ce que vous le retiriez. Format : jj/mm/aaaa.',
  grantButton: 'Donner mon accord',
  grantCancel: 'Annuler',
  // Errors of forms
  errPurpose: 'Choisissez pour quoi faire',
  errRecipient: 'Choisissez qui peut recevoir vos informations',
  errCategories: 'Cochez au moins une information',
  errCategoryStepUp:
    'Pour partager des informations de santé ou de handicap, connectez-vous avec un niveau plus élevé',
  errExpiresFormat: 'Saisissez une date réelle, par exemple 28/11/2027',
  errExpiresPast: 'Saisissez une date dans le futur',
  errChannels: 'Cochez au moins un moyen de vous écrire',
  errLanguage: 'Choisissez une langue',
  errEmailMissing: 'Saisissez votre adresse électronique pour recevoir les messages par courriel',
  errEmailFormat: 'Saisissez une adresse électronique au bon format, comme nom@exemple.fr',
  errNameMissing: 'Saisissez le nom à inscrire sur l’enveloppe pour recevoir un courrier',
  errNameLong: 'Le nom doit faire 38 caractères au plus',
  errAddressMissing: 'Saisissez au moins deux lignes d’adresse pour recevoir un courrier',
  errAddressLong: 'Chaque ligne d’adresse doit faire 38 caractères au plus',
  errReceiptMissing: 'Collez le reçu à vérifier',
  // Receipts
  receiptVerifyTitle: 'Vérifier un reçu',
  receiptVerifyLead:
    'Chaque accord donne un reçu signé par Relais. Collez-le ici pour vérifier qu’il est authentique et voir ce qu’il dit.',
  receiptField: 'Reçu',
  receiptHint: 'Le texte du fichier téléchargé, qui commence par « eyJ ».',
  receiptButton: 'Vérifier le reçu',
  receiptValid: 'Ce reçu est authentique : il a été signé par Relais et n’a pas été modifié.',
  receiptInvalid:
    'Ce reçu n’est pas valide : la signature ne correspond pas, ou le texte a été modifié.',
  receiptSays: 'Ce que dit le reçu',
  receiptKey: 'Clé de signature',
  // Access log
  accessTitle: 'Qui a reçu mes données',
  accessLead:
    'Chaque ligne est une transmission de vos informations par Relais : à qui, lesquelles, quand, et sur quelle base. Chaque ligne est scellée dans un registre infalsifiable : vous pouvez le vérifier.',
  accessNone: 'Aucune administration n’a encore reçu vos informations par Relais.',
  accessVerify: 'Vérifier',
  accessVerifyFor: (what: string) => `Vérifier la transmission : ${what}`,
  accessUnderConsent: (d: string) => `votre accord du ${d}`,
  accessConsentGone: 'votre accord',
  accessDetailTitle: 'Une transmission de vos informations',
  proofTitle: 'La preuve que cette ligne n’a pas été modifiée',
  proofLead:
    'Relais inscrit chaque transmission dans un registre où chaque ligne porte l’empreinte (SHA-256) de la précédente. Modifier, supprimer ou insérer une ligne casse la chaîne. Relais vérifie ici la ligne qui vous concerne :',
  proofContent: 'Le contenu de la ligne correspond à son empreinte.',
  proofContentBad: 'Le contenu de la ligne ne correspond pas à son empreinte.',
  proofPrevious: 'La ligne est reliée à celle qui la précède dans le registre.',
  proofPreviousFirst: 'La ligne est la première du registre.',
  proofPreviousBad: 'La ligne n’est pas reliée à celle qui la précède.',
  proofNext: 'La ligne suivante du registre est reliée à celle-ci.',
  proofNextNone: 'C’est la dernière ligne du registre pour l’instant.',
  proofNextBad: 'La ligne suivante n’est pas reliée à celle-ci.',
  proofUnchained:
    'Cette ligne a été écrite avant que le registre ne soit chaîné : elle n’a pas d’empreinte.',
  signedTitle: 'La preuve que Relais a inscrit cette ligne dans son registre signé',
  signedLead:
    'Régulièrement, Relais signe un résumé de tout son registre (un arbre de Merkle, RFC 6962). Le chemin de preuve relie cette ligne à ce résumé signé : n’importe qui peut le vérifier avec la seule clé publique de Relais, même quand le registre a été archivé.',
  signedValid: 'Ligne inscrite au registre signé',
  signedInvalid: 'Preuve d’inscription invalide',
  signedBy: (d: string) => `Le résumé du registre est signé par Relais (le ${d}).`,
  signedByBad: 'La signature du résumé du registre ne correspond pas à la clé de Relais.',
  signedLeaf: 'Le contenu de la ligne correspond à sa feuille dans l’arbre.',
  signedLeafBad: 'Le contenu de la ligne ne correspond pas à sa feuille dans l’arbre.',
  signedPath: (n: number, size: number) =>
    `Le chemin de preuve (${n} empreintes) mène de la ligne au résumé signé d’un registre de ${size} lignes.`,
  signedPathBad: 'Le chemin de preuve ne mène pas au résumé signé.',
  signedPending:
    'Cette ligne sera couverte par le prochain résumé signé du registre (dans la minute). Revenez sur cette page pour la vérifier.',
  signedHowTo:
    'Pour vérifier vous-même : téléchargez la preuve, puis lancez « npm run audit:check-proof -- preuve.json » ; la clé publique de Relais est publiée à l’adresse /v1/access-log/jwks du service des consentements.',
  signedDownload: 'Télécharger la preuve (JSON)',
  proofValid: 'Preuve valide',
  proofInvalid: 'Preuve invalide',
  proofDetails: 'Les empreintes, pour vérifier vous-même',
  proofHowTo:
    'L’empreinte est le SHA-256 de l’empreinte précédente, d’un saut de ligne, puis du contenu ci-dessous (JSON aux clés triées).',
  proofPosition: 'Position dans le registre',
  proofHash: 'Empreinte de la ligne',
  proofPreviousHash: 'Empreinte de la ligne précédente',
  proofHead: 'Dernière empreinte du registre',
  proofCanonical: 'Contenu scellé',
  back: 'Retour',
  // Notices
  noticesTitle: 'Mes messages',
  noticesLead:
    'Relais vous écrit quand les informations que vous avez accepté de partager montrent que vous avez probablement droit à une aide que vous ne demandez pas.',
  noticesNone: 'Aucun message pour l’instant.',
  noticeRead: 'Lire le message',
  noticeReadFor: (what: string) => `Lire le message : ${what}`,
  noticeNew: 'Nouveau',
  noticeOpened: (d: string) => `lu le ${d}`,
  noticeClaimed: (d: string) => `demande faite le ${d}`,
  noticeReceived: (d: string) => `reçu le ${d}`,
  noticeChannels: 'Envoyé',
  // Preferences
  prefsTitle: 'Mes préférences',
  prefsLead: 'Choisissez comment Relais vous écrit quand il trouve une aide pour vous.',
  prefsChannels: 'Comment voulez-vous recevoir les messages ?',
  prefsChannelsHint: 'Cochez un ou plusieurs moyens.',
  channelPORTAL: 'Dans mon espace Relais',
  channelEMAIL: 'Par courriel',
  channelPOSTAL_LETTER: 'Par courrier postal',
  prefsLanguage: 'Dans quelle langue ?',
  langFR: 'Français',
  langEN: 'English (anglais)',
  prefsEmail: 'Adresse électronique',
  prefsEmailHint: 'Nécessaire pour recevoir les messages par courriel. Format : nom@exemple.fr',
  prefsPostal: 'Adresse postale',
  prefsPostalHint: 'Nécessaire pour recevoir un courrier. 38 caractères au plus par ligne.',
  prefsName: 'Nom sur l’enveloppe',
  prefsLine: (n: number) => `Ligne ${n} de l’adresse`,
  prefsLineOptional: (n: number) => `Ligne ${n} de l’adresse (facultatif)`,
  prefsPause: 'Pause',
  prefsPauseLabel: 'Ne plus recevoir ces messages pour l’instant',
  prefsPauseHint:
    'Vos informations restent partagées. Pour tout arrêter, retirez votre accord « Détecter les aides ».',
  prefsButton: 'Enregistrer mes préférences',
  prefsSaved: 'Vos préférences sont enregistrées.',
  // Signed out, unknown identity, errors
  signedOutTitle: 'Vous êtes déconnecté·e',
  signedOutLead: 'Vous êtes déconnecté·e de Relais et de FranceConnect.',
  signInAgain: 'Se connecter à nouveau',
  unknownTitle: 'Relais ne vous connaît pas encore',
  unknownLead:
    'FranceConnect vous a bien identifié·e, mais aucune administration n’a encore inscrit votre identité auprès de Relais. Nous n’avons gardé aucune de vos informations.',
  unknownWhat:
    'Si vous pensez que c’est une erreur, un conseiller France services peut vous aider. Vous pouvez aussi vérifier l’orthographe de vos nom et prénoms auprès de votre compte FranceConnect.',
  unknownSignOut: 'Se déconnecter de FranceConnect',
  notFoundTitle: 'Page introuvable',
  notFoundLead: 'Cette page n’existe pas, ou elle ne vous concerne pas.',
  badRequestTitle: 'Demande incorrecte',
  badRequestLead: 'La demande n’a pas pu être comprise. Revenez à l’accueil et réessayez.',
  expiredTitle: 'Votre session a expiré',
  expiredLead:
    'Par sécurité, connectez-vous à nouveau. Ce que vous avez saisi n’a pas été enregistré.',
  csrfTitle: 'Ce formulaire a expiré',
  csrfLead: 'Par sécurité, ce formulaire n’est plus valable. Rechargez la page et recommencez.',
  loginFailedTitle: 'La connexion n’a pas abouti',
  loginFailedLead:
    'La connexion avec FranceConnect a été interrompue ou refusée. Vous pouvez réessayer.',
  unavailableTitle: 'Service momentanément indisponible',
  unavailableLead: 'Relais n’a pas pu répondre. Réessayez dans quelques minutes.',
  backHome: 'Revenir à l’accueil',
};

export type Messages = typeof fr;
