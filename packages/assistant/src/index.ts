// @relais/assistant: answers a citizen from their own records and a small knowledge base.
export { ask, type Asked, type RecordsSource } from './ask.ts';
export {
  answerText,
  citationsOf,
  type Answer,
  type AnswerKind,
  type AnswerLine,
  type AnswerLink,
  type Citation,
} from './domain/answer.ts';
export { MAX_QUESTION } from './domain/assistant.ts';
export { createClassifier, type Classifier } from './domain/classify.ts';
export { countQuestion, emptyCounts, type IntentCounts } from './domain/counts.ts';
export { INTENTS, type Intent } from './domain/intents.ts';
export type {
  AccessRecord,
  ConsentRecord,
  Lang,
  NoticeRecord,
  NoticeText,
  Vocabulary,
} from './domain/records.ts';
