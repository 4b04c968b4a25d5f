// The questions the assistant knows, each with example phrasings in French and English (written
// for Relais; the evaluation's questions are others, src/eval/questions.ts). The classifier
// indexes these examples; the knowledge base's entries add their own (knowledge.ts).

export const INTENTS = [
  'recipients', // who received my data (a category, an agency, a period)
  'consents', // which consents I gave
  'revoke', // how to withdraw a consent
  'proactive', // what Relais may use to find benefits for me
  'notices', // which notices I got
  'notice-why', // why this notice
  'notice-amount', // how much
  'notice-claim', // how to claim (online, paper)
  'notice-not-decision', // what « not a decision » means
  'notice-stop', // how to stop these notices
  'benefit', // a benefit Relais covers (knowledge base)
  'faq', // a common question (knowledge base)
  'help', // talk to a person
  'greeting', // hello, thanks
  'out-of-scope', // not Relais' business: says so, points to people who know
  'refused', // someone else's data, or an attempt to change the rules
] as const;

export type Intent = (typeof INTENTS)[number];

/** Intents answered from the citizen's notices. */
export const NOTICE_INTENTS: ReadonlySet<Intent> = new Set([
  'notice-why',
  'notice-amount',
  'notice-claim',
  'notice-not-decision',
  'notice-stop',
]);

export const EXAMPLES: Readonly<Partial<Record<Intent, readonly string[]>>> = {
  recipients: [
    'Qui a reçu mon adresse ?',
    'Quelles administrations ont eu accès à mes données ?',
    'À qui mes informations ont-elles été transmises ?',
    'Qui a vu mes revenus ?',
    'Est-ce que la CAF a reçu mon adresse ?',
    'Quand mes données ont-elles été envoyées aux impôts ?',
    'Quels organismes connaissent ma nouvelle adresse ?',
    'Mes infos ont été partagées avec qui ?',
    'Historique des transmissions de mes données',
    'Qui a consulté mon dossier ?',
    'Who received my address?',
    'Which agencies got my data?',
    'Who has seen my income?',
    'Has the tax office received my new address?',
    'When was my data shared and with whom?',
    'Show me who accessed my information',
  ],
  consents: [
    'Quels accords ai-je donnés ?',
    'Mes consentements en cours',
    'À qui ai-je donné mon accord ?',
    'Quelles autorisations sont actives ?',
    'Liste de mes accords',
    'Ai-je autorisé la CPAM à recevoir mon adresse ?',
    'What consents have I given?',
    'Which permissions are active?',
    'List my consents',
    'Did I agree to share my address with the CAF?',
  ],
  revoke: [
    'Comment retirer mon accord ?',
    'Je veux annuler mon consentement',
    'Retirer l’autorisation donnée à la CAF',
    'Comment révoquer un consentement ?',
    'Je ne veux plus que la CPAM reçoive mon adresse',
    'Supprimer un accord',
    'How do I withdraw my consent?',
    'Revoke the permission I gave',
    'Cancel my consent for the CAF',
    'I want to take back my agreement',
  ],
  proactive: [
    'Qu’est-ce que Relais peut utiliser pour trouver mes aides ?',
    'Quelles données servent à détecter mes droits ?',
    'Que sait Relais de moi pour calculer mes aides ?',
    'Relais regarde quelles informations pour me proposer des aides ?',
    'Comment Relais trouve les aides auxquelles j’ai droit ?',
    'What may Relais use to find benefits for me?',
    'Which of my data does Relais look at to detect my entitlements?',
    'What does Relais know about me for eligibility?',
  ],
  notices: [
    'Quels courriers ai-je reçus ?',
    'Mes messages',
    'Ai-je reçu une notification ?',
    'Liste de mes avis',
    'Ai-je un nouveau courrier ?',
    'What notices did I get?',
    'Do I have any new messages?',
    'Show my letters',
  ],
  'notice-why': [
    'Pourquoi ce courrier ?',
    'Pourquoi ai-je reçu ce message ?',
    'Pourquoi vous pensez que j’ai droit à la CSS ?',
    'Expliquez-moi ce courrier',
    'Pour quelle raison je reçois cette lettre ?',
    'Sur quoi vous basez-vous pour dire que j’ai droit à cette aide ?',
    'Quelles conditions je remplis ?',
    'Why did I get this notice?',
    'Why this letter?',
    'Explain the message I received',
    'Why do you think I am entitled to the RSA?',
    'Which conditions do I meet?',
  ],
  'notice-amount': [
    'Combien vais-je toucher ?',
    'Quel est le montant ?',
    'Combien je toucherais de prime d’activité ?',
    'Ça fait combien par mois ?',
    'Quel montant est estimé dans mon courrier ?',
    'How much would I get?',
    'What is the amount?',
    'How much is the estimate in my notice?',
  ],
  'notice-claim': [
    'Comment faire la demande ?',
    'Comment demander cette aide ?',
    'Où faire ma demande de CSS ?',
    'Je peux faire la demande par courrier papier ?',
    'Quelles démarches pour obtenir l’aide ?',
    'Comment je fais pour toucher le chèque énergie ?',
    'How do I claim?',
    'How can I apply for this benefit?',
    'Can I apply on paper?',
    'Where do I apply for the AAH?',
  ],
  'notice-not-decision': [
    'Que veut dire « ce n’est pas une décision » ?',
    'C’est une décision officielle ?',
    'Est-ce que j’ai droit à coup sûr ?',
    'Le courrier dit que ce n’est pas une décision, ça veut dire quoi ?',
    'Est-ce garanti ?',
    'What does "not a decision" mean?',
    'Is this an official decision?',
    'Am I guaranteed to get it?',
  ],
  'notice-stop': [
    'Comment arrêter ces courriers ?',
    'Je ne veux plus recevoir ces messages',
    'Se désabonner des notifications',
    'Stop aux courriers',
    'Mettre en pause les messages',
    'How do I stop these notices?',
    'Unsubscribe from these letters',
    'I do not want these messages any more',
  ],
  benefit: [
    'C’est quoi le RSA ?',
    'Qu’est-ce que la prime d’activité ?',
    'Conditions de l’AAH',
    'Ai-je droit à la complémentaire santé solidaire ?',
    'Qui peut avoir l’allocation de rentrée scolaire ?',
    'Le chèque énergie, c’est pour qui ?',
    'Infos sur la CSS',
    'What is the RSA?',
    'Who can get the activity bonus?',
    'Tell me about the energy voucher',
    'Am I eligible for the AAH?',
  ],
  help: [
    'Je veux parler à quelqu’un',
    'Comment joindre un conseiller ?',
    'Un numéro de téléphone ?',
    'Où trouver un guichet France Services ?',
    'Je voudrais un rendez-vous avec un agent',
    'Parler à un humain',
    'I want to talk to a person',
    'Is there a phone number?',
    'Where can I get help in person?',
  ],
  greeting: ['Bonjour', 'Salut', 'Merci', 'Merci beaucoup', 'Hello', 'Hi', 'Thanks', 'Thank you'],
  'out-of-scope': [
    'Quel temps fera-t-il demain ?',
    'Comment renouveler mon passeport ?',
    'Combien coûte une carte grise ?',
    'Donne-moi une recette de crêpes',
    'Qui a gagné le match de foot ?',
    'Raconte-moi une blague',
    'Quand serai-je payé de ma retraite ?',
    'What is the weather tomorrow?',
    'How do I renew my passport?',
    'Tell me a joke',
    'Should I buy bitcoin?',
  ],
};
