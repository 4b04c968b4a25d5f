// One question, start to end, without any input or output: understand it (intent and slots),
// say which records it needs, then build the answer from exactly those records.
import type { Answer } from './answer.ts';
import type { AnswerContext } from './answers-data.ts';
import { consentsAnswer, proactiveAnswer, recipientsAnswer, revokeAnswer } from './answers-data.ts';
import {
  benefitAnswer,
  faqAnswer,
  greetingAnswer,
  helpAnswer,
  outOfScopeAnswer,
  refusedAnswer,
  unsureAnswer,
} from './answers-kb.ts';
import { noticeAnswer, noticesAnswer } from './answers-notices.ts';
import type { Classification, Classifier } from './classify.ts';
import { NOTICE_INTENTS, type Intent } from './intents.ts';
import type { CitizenRecords, Lang, Vocabulary } from './records.ts';
import { slotsOf, type Slots } from './slots.ts';

/** Longer questions are cut: nobody types more, and it bounds the work. */
export const MAX_QUESTION = 500;

export interface Understanding {
  classification: Classification;
  slots: Slots;
}

/** `today` is the citizen's day (YYYY-MM-DD), for « ce mois-ci », « en mars ». */
export function understand(classifier: Classifier, question: string, today: string): Understanding {
  const q = question.slice(0, MAX_QUESTION);
  return { classification: classifier.classify(q), slots: slotsOf(q, today) };
}

/** The intent counted and answered (an unsure guess counts as out of scope). */
export const answeredIntent = (u: Understanding): Intent =>
  u.classification.unsure ? 'out-of-scope' : u.classification.intent;

export interface Needs {
  consents: boolean;
  access: boolean;
  notices: boolean;
  /** Load the full text of the notice the question is about. */
  noticeText: boolean;
}

const NONE: Needs = { consents: false, access: false, notices: false, noticeText: false };

/** Only what the answer reads is loaded: a refusal or a greeting reads nothing. */
export function needsOf(u: Understanding): Needs {
  const intent = answeredIntent(u);
  switch (intent) {
    case 'recipients':
      return { ...NONE, access: true, consents: true };
    case 'consents':
    case 'revoke':
      return { ...NONE, consents: true };
    case 'proactive':
      return { ...NONE, consents: true, access: true };
    case 'notices':
    case 'benefit':
      return { ...NONE, notices: true };
    case 'notice-stop':
      return { ...NONE, consents: true };
    default:
      return NOTICE_INTENTS.has(intent) ? { ...NONE, notices: true, noticeText: true } : NONE;
  }
}

export function buildAnswer(
  u: Understanding,
  input: { lang: Lang; words: Vocabulary; records: CitizenRecords },
): Answer {
  const ctx: AnswerContext = { ...input, slots: u.slots };
  const c = u.classification;
  if (c.intent === 'refused') return refusedAnswer(c.refusal, ctx);
  if (c.unsure) return unsureAnswer(ctx);
  switch (c.intent) {
    case 'recipients':
      return recipientsAnswer(ctx);
    case 'consents':
      return consentsAnswer(ctx);
    case 'revoke':
      return revokeAnswer(ctx);
    case 'proactive':
      return proactiveAnswer(ctx);
    case 'notices':
      return noticesAnswer(ctx);
    case 'benefit':
      return benefitAnswer(ctx);
    case 'faq':
      return faqAnswer(c.faq, ctx);
    case 'help':
      return helpAnswer(ctx);
    case 'greeting':
      return greetingAnswer(ctx);
    case 'out-of-scope':
      return outOfScopeAnswer(ctx);
    default:
      return noticeAnswer(c.intent, ctx);
  }
}
