// The evaluation: every question against its citizen's fixture records, through the same `ask`
// the portal calls. Counts per intent, answers holding another citizen's data, invented facts
// (a cited record not in the input), determinism (the same answer twice) and answer times.
import { performance } from 'node:perf_hooks';
import { ask, type RecordsSource } from '../ask.ts';
import { answerText, citationsOf, type Answer } from '../domain/answer.ts';
import { createClassifier } from '../domain/classify.ts';
import { INTENTS, type Intent } from '../domain/intents.ts';
import { CITIZENS, EVAL_TODAY, markersOf, vocabulary, type CitizenKey } from './fixtures.ts';
import { QUESTIONS, type EvalQuestion } from './questions.ts';

export interface Miss {
  q: string;
  who: CitizenKey;
  expected: Intent;
  got: Intent;
  missing: string[];
  unwanted: string[];
}

export interface EvalReport {
  total: number;
  correct: number;
  accuracy: number;
  perIntent: Array<{ intent: Intent; total: number; correct: number }>;
  otherCitizenData: number;
  inventedFacts: number;
  nonDeterministic: number;
  p50Ms: number;
  p99Ms: number;
  misses: Miss[];
}

function sourceOf(who: CitizenKey): RecordsSource {
  const c = CITIZENS[who];
  return {
    consents: async () => c.consents,
    accessLog: async () => ({ entries: c.access, hidden: c.hiddenAccess }),
    notices: async () => c.notices,
    noticeText: async (id) => (c.texts[id] ? { noticeId: id, text: c.texts[id] } : undefined),
  };
}

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const has = (text: string, fact: string) =>
  plain(text).toLowerCase().includes(plain(fact).toLowerCase());

function recordIds(who: CitizenKey): Set<string> {
  const c = CITIZENS[who];
  return new Set([
    ...c.consents.map((x) => x.id),
    ...c.access.map((x) => x.accessId),
    ...c.notices.map((x) => x.noticeId),
  ]);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

export async function runEval(questions: readonly EvalQuestion[] = QUESTIONS): Promise<EvalReport> {
  const classifier = createClassifier();
  const times: number[] = [];
  const misses: Miss[] = [];
  const perIntent = new Map<Intent, { total: number; correct: number }>(
    INTENTS.map((i) => [i, { total: 0, correct: 0 }]),
  );
  let correct = 0;
  let otherCitizenData = 0;
  let inventedFacts = 0;
  let nonDeterministic = 0;
  const others = (who: CitizenKey) =>
    (Object.keys(CITIZENS) as CitizenKey[]).filter((k) => k !== who).flatMap(markersOf);

  for (const item of questions) {
    const once = async (): Promise<{ intent: Intent; answer: Answer }> => {
      const started = performance.now();
      const r = await ask({
        classifier,
        question: item.q,
        lang: item.lang,
        today: EVAL_TODAY,
        words: vocabulary(item.lang),
        source: sourceOf(item.who),
      });
      times.push(performance.now() - started);
      return r;
    };
    const first = await once();
    const second = await once();
    const text = answerText(first.answer);
    if (text !== answerText(second.answer)) nonDeterministic += 1;
    const mine = recordIds(item.who);
    if (citationsOf(first.answer).some((c) => !mine.has(c.id))) inventedFacts += 1;
    const citeText = citationsOf(first.answer)
      .map((c) => `${c.id} ${c.href}`)
      .join(' ');
    if (others(item.who).some((m) => has(`${text} ${citeText}`, m))) otherCitizenData += 1;
    const missing = (item.facts ?? []).filter((f) => !has(text, f));
    const unwanted = (item.absent ?? []).filter((f) => has(text, f));
    const ok = first.intent === item.intent && missing.length === 0 && unwanted.length === 0;
    const row = perIntent.get(item.intent)!;
    row.total += 1;
    if (ok) {
      row.correct += 1;
      correct += 1;
    } else {
      misses.push({
        q: item.q,
        who: item.who,
        expected: item.intent,
        got: first.intent,
        missing,
        unwanted,
      });
    }
  }
  const sorted = times.toSorted((a, b) => a - b);
  return {
    total: questions.length,
    correct,
    accuracy: correct / questions.length,
    perIntent: [...perIntent.entries()]
      .filter(([, v]) => v.total > 0)
      .map(([intent, v]) => ({ intent, ...v })),
    otherCitizenData,
    inventedFacts,
    nonDeterministic,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    misses,
  };
}
