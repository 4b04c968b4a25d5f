// The assistant page's words, French and English (kept apart from words-fr/en.ts: the answers'
// own words come from @relais/assistant). Pure.
import type { Lang } from './format.ts';

const fr = {
  title: 'Poser une question',
  lead: 'Une question sur vos données, vos accords, vos messages ou les aides que Relais connaît ? Je réponds à partir de vos propres informations, et je dis quand je ne sais pas.',
  field: 'Votre question',
  hint: 'Par exemple : « Qui a reçu mon adresse ? » ou « Pourquoi ce courrier ? ». N’écrivez pas de numéro personnel.',
  ask: 'Poser ma question',
  suggestions: 'Questions fréquentes',
  suggested: [
    'Qui a reçu mon adresse ?',
    'Pourquoi ce courrier ?',
    'Quels accords ai-je donnés ?',
    'Comment retirer mon accord ?',
  ],
  answer: 'Réponse',
  yourQuestion: 'Votre question : ',
  sources: 'Pour aller plus loin',
  humanTitle: 'Parler à une personne',
  humanText:
    'Un conseiller France Services vous reçoit près de chez vous, sans rendez-vous. Allô Service Public répond au 3939, du lundi au vendredi.',
  privacy:
    'Vos questions ne sont pas conservées : Relais compte seulement combien de questions portent sur chaque sujet.',
  empty: 'Écrivez votre question',
  tooLong: (n: number) => `Votre question doit faire au plus ${n} caractères`,
  widgetTitle: 'Une question ?',
  widgetText: 'L’assistant répond à partir de vos propres informations.',
};

export type AssistantWords = typeof fr;

const en: AssistantWords = {
  title: 'Ask a question',
  lead: 'A question about your data, your consents, your messages or the benefits Relais knows? I answer from your own information, and say when I do not know.',
  field: 'Your question',
  hint: 'For example: “Who received my address?” or “Why this letter?”. Do not type a personal number.',
  ask: 'Ask my question',
  suggestions: 'Frequent questions',
  suggested: [
    'Who received my address?',
    'Why this letter?',
    'Which consents have I given?',
    'How do I withdraw my consent?',
  ],
  answer: 'Answer',
  yourQuestion: 'Your question: ',
  sources: 'To go further',
  humanTitle: 'Talk to a person',
  humanText:
    'A France Services adviser sees you near your home, without an appointment. Allô Service Public answers on 3939 (in French), Monday to Friday.',
  privacy:
    'Your questions are not kept: Relais only counts how many questions are about each subject.',
  empty: 'Type your question',
  tooLong: (n: number) => `Your question must be at most ${n} characters`,
  widgetTitle: 'A question?',
  widgetText: 'The assistant answers from your own information.',
};

export const assistantWords = (lang: Lang): AssistantWords => (lang === 'fr' ? fr : en);
