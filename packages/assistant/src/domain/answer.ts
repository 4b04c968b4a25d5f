// What the assistant says: lines of plain text, each line that rests on a record citing it (with
// the portal page that shows the record), links to go further, and whether to point to a person.
import type { Intent } from './intents.ts';

export type CitationKind = 'access' | 'consent' | 'notice';

export interface Citation {
  kind: CitationKind;
  /** The record's own id (access id, consent id, notice id): never a personal identifier. */
  id: string;
  /** The portal page that shows the record. */
  href: string;
  /** The link's words. */
  label: string;
}

export interface AnswerLine {
  text: string;
  cite?: Citation;
}

export interface AnswerLink {
  href: string;
  text: string;
}

/**
 * `answer`: from the records or the knowledge base; `none`: the records hold nothing for it;
 * `ask`: the question needs a detail (which notice, which benefit); `unsure` and `out-of-scope`:
 * the assistant does not know and says who does; `refused`: a question it must not answer.
 */
export type AnswerKind = 'answer' | 'none' | 'ask' | 'unsure' | 'out-of-scope' | 'refused';

export interface Answer {
  intent: Intent;
  kind: AnswerKind;
  lines: AnswerLine[];
  links: AnswerLink[];
  /** Show the human help (France Services, 3939). */
  humanHelp: boolean;
}

/** The records an answer cites (what the evaluation checks against the input). */
export const citationsOf = (a: Answer): Citation[] =>
  a.lines.flatMap((l) => (l.cite ? [l.cite] : []));

/** The answer as one text (for the evaluation and the logs' tests; never stored). */
export const answerText = (a: Answer): string =>
  [...a.lines.map((l) => l.text), ...a.links.map((l) => `${l.text} ${l.href}`)].join('\n');
