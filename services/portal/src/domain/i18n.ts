// Every word of the portal, in French and English: plain words, short sentences, "vous". Pages
// take the citizen's language and never build a sentence from parts of two. Pure.
import type { Lang } from './format.ts';

export type { Lang } from './format.ts';
export const LANGS: readonly Lang[] = ['fr', 'en'];
export const isLang = (v: unknown): v is Lang => v === 'fr' || v === 'en';

const fr = {
  serviceName: 'Relais',
  /** Before a list or a value: French puts a no-break space before the colon. */
  colon: '\u00a0: ',
  serviceTagline: 'Vos données entre administrations',
  republic: 'République<br>Française',
  skipToContent: 'Aller au contenu',
  skipToNav: 'Aller au menu',
  switchTo: 'English',
  switchLang: 'en' as Lang,
  switchLabel: 'Read this page in English',
  mainNav: 'Menu principal',
  navHome: 'Accueil',
  navConsents: 'Mes accords',
  navAccessLog: 'Qui a reçu mes données',
  navNotices: 'Mes messages',
  navPreferences: 'Mes préférences',
  signIn: 'Se connecter',
  signOut: 'Se déconnecter',
  signedInAs: (name: string) => `Connecté·e : ${name}`,
  footerText:
    'Relais transmet vos informations entre administrations, avec votre accord ou quand la loi le prévoit, et vous montre chaque transmission.',
  footerDemo: 'Démonstration : aucune donnée réelle.',
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
  errorSummaryTitle: 'Il y a un problème',
  errorPrefix: 'Erreur : ',
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

const en: Messages = {
  serviceName: 'Relais',
  colon: ': ',
  serviceTagline: 'Your data between public services',
  republic: 'République<br>Française',
  skipToContent: 'Skip to content',
  skipToNav: 'Skip to menu',
  switchTo: 'Français',
  switchLang: 'fr',
  switchLabel: 'Lire cette page en français',
  mainNav: 'Main menu',
  navHome: 'Home',
  navConsents: 'My consents',
  navAccessLog: 'Who received my data',
  navNotices: 'My notices',
  navPreferences: 'My preferences',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedInAs: (name) => `Signed in: ${name}`,
  footerText:
    'Relais passes your information between public services, with your consent or where the law says so, and shows you every transfer.',
  footerDemo: 'Demonstration: no real data.',
  welcomeTitle: 'Your data between public services',
  welcomeLead:
    'Tell one public service once when something changes in your life. Relais passes it on to the others, with your consent or where the law says so, and shows you who received what.',
  welcomeWhat: 'In your space, you can:',
  welcomeList: [
    'give or withdraw your consent for a public service to receive some of your information;',
    'see who received your information, when and why;',
    'read notices about benefits you are probably entitled to.',
  ],
  fcButton: 'Sign in with',
  fcWhat: 'What is FranceConnect?',
  fcWhatNewWindow: 'What is FranceConnect? - new window',
  signInTitle: 'Sign in',
  homeTitle: (name) => `Hello ${name}`,
  homeLead: 'Here is what Relais knows it may share, and what it found for you.',
  homeFoundTitle: 'What Relais found for you',
  homeNoticesCount: (n) =>
    n === 0
      ? 'No notice about a benefit yet.'
      : n === 1
        ? '1 notice about a benefit you are probably entitled to.'
        : `${n} notices about benefits you are probably entitled to.`,
  homeDeliveriesCount: (n) =>
    n === 0
      ? 'No public service has received your information through Relais yet.'
      : n === 1
        ? '1 transfer of your information to a public service.'
        : `${n} transfers of your information to public services.`,
  homeConsentsCount: (n) =>
    n === 0
      ? 'You have no consent in force.'
      : n === 1
        ? 'You have 1 consent in force.'
        : `You have ${n} consents in force.`,
  homeMayShareTitle: 'What Relais may share',
  homeMayShareLead:
    'Each line says which public service may receive which information, what for, and on what basis.',
  homeLawTitle: 'Without asking you, because the law says so',
  homeConsentTitle: 'Only if you agree',
  colRecipient: 'Public service',
  colData: 'Information',
  colPurpose: 'What for',
  colBasis: 'Basis',
  colWhen: 'When',
  colStatus: 'Status',
  colActions: 'Actions',
  colFields: 'Information passed on',
  colConsent: 'Consent',
  colProof: 'Proof',
  consentsTitle: 'My consents',
  consentsLead:
    'A consent lets a public service receive some of your information, for one use. You can withdraw it at any time, in one click.',
  consentsNone: 'You have not given any consent.',
  consentsNew: 'Give a new consent',
  consentRevoke: 'Withdraw my consent',
  consentRevokeFor: (what) => `Withdraw my consent: ${what}`,
  consentReceipt: 'Download the receipt',
  consentReceiptFor: (what) => `Download the receipt: ${what}`,
  consentGrantedOn: (d) => `given on ${d}`,
  consentUntil: (d) => `until ${d}`,
  consentNoEnd: 'until you withdraw it',
  consentRevokedOn: (d) => `withdrawn on ${d}`,
  statusActive: 'In force',
  statusRevoked: 'Withdrawn',
  statusExpired: 'Expired',
  consentSentence: (recipient, categories, purpose) =>
    `${recipient} may receive: ${categories}. For: ${purpose}.`,
  revokedFlash: (what) =>
    `Your consent is withdrawn: ${what}. Nothing more will be passed on for it.`,
  grantedFlash: (what) => `Your consent is recorded: ${what}. Its signed receipt is below.`,
  revokeAllTitle: 'Withdraw all my consents',
  revokeAllLead:
    'No public service will receive your information on the basis of your consent any more. What the law requires will still be passed on.',
  revokeAllButton: 'Withdraw all my consents',
  revokeAllNone: 'You have no consent in force.',
  revokeAllDone: (n) => (n === 1 ? '1 consent was withdrawn.' : `${n} consents were withdrawn.`),
  revokeAllLink: 'Withdraw all my consents at once',
  stepUpTitle: 'A stronger sign-in is needed',
  stepUpHidden: (n) =>
    n === 1
      ? '1 item concerns your health or a disability. To see it, sign in at a higher security level (eIDAS substantial).'
      : `${n} items concern your health or a disability. To see them, sign in at a higher security level (eIDAS substantial).`,
  stepUpGrant:
    'To share health or disability information, sign in at a higher security level (eIDAS substantial).',
  stepUpButton: 'Sign in at a higher level',
  grantTitle: 'Give a new consent',
  grantLead: 'Choose who may receive what, what for, and until when.',
  grantPurpose: 'What for?',
  grantRecipient: 'Who may receive your information?',
  grantRecipientHint: 'One public service, or all those of one field.',
  grantRecipientChoose: 'Choose',
  grantAgencies: 'One public service',
  grantSectors: 'All public services of one field',
  grantCategories: 'Which information?',
  grantCategoriesHint: 'Tick at least one box.',
  grantExpires: 'Until when? (optional)',
  grantExpiresHint: 'Leave empty for a consent in force until you withdraw it. Format: dd/mm/yyyy.',
  grantButton: 'Give my consent',
  grantCancel: 'Cancel',
  errorSummaryTitle: 'There is a problem',
  errorPrefix: 'Error: ',
  errPurpose: 'Choose what the information is for',
  errRecipient: 'Choose who may receive your information',
  errCategories: 'Tick at least one piece of information',
  errCategoryStepUp: 'To share health or disability information, sign in at a higher level',
  errExpiresFormat: 'Enter a real date, for example 28/11/2027',
  errExpiresPast: 'Enter a date in the future',
  errChannels: 'Tick at least one way to write to you',
  errLanguage: 'Choose a language',
  errEmailMissing: 'Enter your email address to receive notices by email',
  errEmailFormat: 'Enter an email address in the correct format, like name@example.com',
  errNameMissing: 'Enter the name to write on the envelope to receive a letter',
  errNameLong: 'The name must be 38 characters or fewer',
  errAddressMissing: 'Enter at least two address lines to receive a letter',
  errAddressLong: 'Each address line must be 38 characters or fewer',
  errReceiptMissing: 'Paste the receipt to check',
  receiptVerifyTitle: 'Check a receipt',
  receiptVerifyLead:
    'Each consent comes with a receipt signed by Relais. Paste it here to check that it is genuine and see what it says.',
  receiptField: 'Receipt',
  receiptHint: 'The text of the downloaded file, which starts with “eyJ”.',
  receiptButton: 'Check the receipt',
  receiptValid: 'This receipt is genuine: Relais signed it and it has not been changed.',
  receiptInvalid:
    'This receipt is not valid: the signature does not match, or the text was changed.',
  receiptSays: 'What the receipt says',
  receiptKey: 'Signing key',
  accessTitle: 'Who received my data',
  accessLead:
    'Each line is a transfer of your information by Relais: to whom, which information, when, and on what basis. Each line is sealed in a tamper-evident register: you can check it.',
  accessNone: 'No public service has received your information through Relais yet.',
  accessVerify: 'Check',
  accessVerifyFor: (what) => `Check the transfer: ${what}`,
  accessUnderConsent: (d) => `your consent of ${d}`,
  accessConsentGone: 'your consent',
  accessDetailTitle: 'A transfer of your information',
  proofTitle: 'The proof that this line was not changed',
  proofLead:
    'Relais writes each transfer in a register where each line carries the fingerprint (SHA-256) of the one before. Changing, removing or inserting a line breaks the chain. Relais checks the line about you here:',
  proofContent: 'The content of the line matches its fingerprint.',
  proofContentBad: 'The content of the line does not match its fingerprint.',
  proofPrevious: 'The line is linked to the one before it in the register.',
  proofPreviousFirst: 'The line is the first of the register.',
  proofPreviousBad: 'The line is not linked to the one before it.',
  proofNext: 'The next line of the register is linked to this one.',
  proofNextNone: 'This is the last line of the register for now.',
  proofNextBad: 'The next line is not linked to this one.',
  proofUnchained: 'This line was written before the register was chained: it has no fingerprint.',
  proofValid: 'Valid proof',
  proofInvalid: 'Invalid proof',
  proofDetails: 'The fingerprints, to check for yourself',
  proofHowTo:
    'The fingerprint is the SHA-256 of the previous fingerprint, a line feed, then the content below (JSON with sorted keys).',
  proofPosition: 'Position in the register',
  proofHash: 'Fingerprint of the line',
  proofPreviousHash: 'Fingerprint of the line before',
  proofHead: 'Latest fingerprint of the register',
  proofCanonical: 'Sealed content',
  back: 'Back',
  noticesTitle: 'My notices',
  noticesLead:
    'Relais writes to you when the information you agreed to share shows you are probably entitled to a benefit you have not claimed.',
  noticesNone: 'No notice yet.',
  noticeRead: 'Read the notice',
  noticeReadFor: (what) => `Read the notice: ${what}`,
  noticeNew: 'New',
  noticeOpened: (d) => `read on ${d}`,
  noticeClaimed: (d) => `claimed on ${d}`,
  noticeReceived: (d) => `received on ${d}`,
  noticeChannels: 'Sent',
  prefsTitle: 'My preferences',
  prefsLead: 'Choose how Relais writes to you when it finds a benefit for you.',
  prefsChannels: 'How do you want to receive notices?',
  prefsChannelsHint: 'Tick one or more.',
  channelPORTAL: 'In my Relais space',
  channelEMAIL: 'By email',
  channelPOSTAL_LETTER: 'By post',
  prefsLanguage: 'In which language?',
  langFR: 'Français (French)',
  langEN: 'English',
  prefsEmail: 'Email address',
  prefsEmailHint: 'Needed to receive notices by email. Format: name@example.com',
  prefsPostal: 'Postal address',
  prefsPostalHint: 'Needed to receive a letter. 38 characters or fewer per line.',
  prefsName: 'Name on the envelope',
  prefsLine: (n) => `Address line ${n}`,
  prefsLineOptional: (n) => `Address line ${n} (optional)`,
  prefsPause: 'Pause',
  prefsPauseLabel: 'Stop these notices for now',
  prefsPauseHint:
    'Your information stays shared. To stop everything, withdraw your consent “Find benefits”.',
  prefsButton: 'Save my preferences',
  prefsSaved: 'Your preferences are saved.',
  signedOutTitle: 'You are signed out',
  signedOutLead: 'You are signed out of Relais and of FranceConnect.',
  signInAgain: 'Sign in again',
  unknownTitle: 'Relais does not know you yet',
  unknownLead:
    'FranceConnect identified you, but no public service has registered your identity with Relais yet. We kept none of your information.',
  unknownWhat:
    'If you think this is a mistake, a France services adviser can help you. You can also check the spelling of your names in your FranceConnect account.',
  unknownSignOut: 'Sign out of FranceConnect',
  notFoundTitle: 'Page not found',
  notFoundLead: 'This page does not exist, or it is not about you.',
  badRequestTitle: 'Bad request',
  badRequestLead: 'The request could not be understood. Go back to the home page and try again.',
  expiredTitle: 'Your session has expired',
  expiredLead: 'For your security, sign in again. What you entered was not saved.',
  csrfTitle: 'This form has expired',
  csrfLead: 'For your security, this form is no longer valid. Reload the page and start again.',
  loginFailedTitle: 'Sign-in did not complete',
  loginFailedLead: 'Signing in with FranceConnect was interrupted or refused. You can try again.',
  unavailableTitle: 'Service unavailable for a moment',
  unavailableLead: 'Relais could not answer. Try again in a few minutes.',
  backHome: 'Back to the home page',
};

export const messages: Readonly<Record<Lang, Messages>> = { fr, en };
export const t = (lang: Lang): Messages => messages[lang];
