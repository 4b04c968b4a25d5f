// What is kept of the questions: a count per intent, nothing else — no question, no answer, no
// citizen (issue 16). The portal exposes these counts as relais_assistant_questions_total{intent}.
import { INTENTS, type Intent } from './intents.ts';

export type IntentCounts = Record<Intent, number>;

export const emptyCounts = (): IntentCounts =>
  Object.fromEntries(INTENTS.map((i) => [i, 0])) as IntentCounts;

export function countQuestion(counts: IntentCounts, intent: Intent): void {
  counts[intent] += 1;
}
