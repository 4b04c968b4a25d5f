// The assistant's one use case: a question and the citizen's records source in, an answer out.
// The records source is the seam to the citizen's session: the portal gives one that calls the
// consent service and the notifier with the signed-in citizen's token, through the same checks
// as the pages (never a broader read). When counter agents act under a mandate (issue 15), the
// same interface is given a source scoped by the mandate.
import type { Answer } from './domain/answer.ts';
import {
  answeredIntent,
  buildAnswer,
  needsOf,
  understand,
  type Understanding,
} from './domain/assistant.ts';
import { targetNotice } from './domain/answers-notices.ts';
import type { Classifier } from './domain/classify.ts';
import type { Intent } from './domain/intents.ts';
import type {
  AccessRecord,
  CitizenRecords,
  ConsentRecord,
  Lang,
  NoticeRecord,
  NoticeText,
  Vocabulary,
} from './domain/records.ts';

export interface RecordsSource {
  consents(): Promise<readonly ConsentRecord[]>;
  /** The deliveries this session may see, and how many it may not. */
  accessLog(): Promise<{ entries: readonly AccessRecord[]; hidden: number }>;
  notices(): Promise<readonly NoticeRecord[]>;
  /** One notice's full text (reading it through the assistant counts as opening it). */
  noticeText(noticeId: string): Promise<NoticeText | undefined>;
}

export interface Asked {
  intent: Intent;
  answer: Answer;
  understanding: Understanding;
}

export async function ask(o: {
  classifier: Classifier;
  question: string;
  lang: Lang;
  /** The citizen's day, YYYY-MM-DD (from the service's clock). */
  today: string;
  words: Vocabulary;
  source: RecordsSource;
}): Promise<Asked> {
  const understanding = understand(o.classifier, o.question, o.today);
  const needs = needsOf(understanding);
  const [consents, access, notices] = await Promise.all([
    needs.consents ? o.source.consents() : [],
    needs.access ? o.source.accessLog() : { entries: [], hidden: 0 },
    needs.notices ? o.source.notices() : [],
  ]);
  const target = needs.noticeText ? targetNotice(notices, understanding.slots.benefit) : undefined;
  const noticeText = target ? await o.source.noticeText(target.noticeId) : undefined;
  const records: CitizenRecords = {
    consents,
    access: access.entries,
    hiddenAccess: access.hidden,
    notices,
    noticeText,
  };
  const answer = buildAnswer(understanding, { lang: o.lang, words: o.words, records });
  return { intent: answeredIntent(understanding), answer, understanding };
}
