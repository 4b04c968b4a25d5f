// The intent of a question: refusals first (guard.ts), greetings, then retrieval over the example
// phrasings of every intent and the knowledge base's common questions, with the maintained
// full-text library MiniSearch (dec-041: fuzzy and prefix matching for misspellings, BM25
// scores, synchronous and deterministic). An intent wins when its best example scores enough and
// clearly ahead; else the assistant says it is unsure. Pure: built once, same answer for the same
// question.
import MiniSearch from 'minisearch';
import { refusalOf, type Refusal } from './guard.ts';
import { INTENTS, EXAMPLES, type Intent } from './intents.ts';
import { FAQ_ENTRIES } from './knowledge.ts';
import { KNOWN_CONCEPTS, terms } from './normalise.ts';

export interface Classification {
  intent: Intent;
  /** The best example's score (0 when decided by a rule). */
  score: number;
  /** Unsure: the best intent is too weak or too close to the next; it is said, not answered. */
  unsure: boolean;
  /** The common question found (intent `faq`). */
  faq?: string;
  refusal?: Refusal;
}

interface Doc {
  id: number;
  intent: Intent;
  faq: string | undefined;
  text: string;
}

const MIN_SCORE = 2.2;
const MIN_MARGIN = 1.02;

const CATEGORY_TERMS = [
  'adresse',
  'revenu',
  'famille',
  'sante',
  'handicap',
  'emploi',
  'identite',
  'scolarite',
  'coordonnees',
  'donnees',
];
const BENEFIT_TERMS = ['b_rsa', 'b_pa', 'b_aah', 'b_css', 'b_ars', 'b_energie'];

/**
 * Cues: words that, together, say more than any one example (« retirer » with « accord » is a
 * withdrawal; « combien » about a notice is its amount; a passport is out of scope). Each
 * multiplies an intent's best score; read in order, all that apply.
 */
function cues(ts: ReadonlySet<string>): Partial<Record<Intent, number>> {
  const any = (...xs: string[]) => xs.some((x) => ts.has(x));
  const m: Partial<Record<Intent, number>> = {};
  const mul = (i: Intent, f: number) => (m[i] = (m[i] ?? 1) * f);
  if (any('hors', 'titre', 'retraite')) mul('out-of-scope', 2.5);
  if (any('accord') && any('retirer', 'arreter')) mul('revoke', 1.6);
  else if (any('accord') && !any('courrier')) mul('consents', 1.3);
  if (any('combien')) mul('notice-amount', 1.5);
  if (any('pourquoi') && !any('cache', 'niveau')) mul('notice-why', 1.3);
  if (any('decision', 'pasdecision')) mul('notice-not-decision', 1.4);
  if (
    any(...CATEGORY_TERMS) &&
    any('qui', 'recevoir', 'quand') &&
    !any('accord', 'courrier', 'cnil')
  )
    mul('recipients', 1.4);
  if (any(...BENEFIT_TERMS, 'aide') && !any('courrier', 'pourquoi', 'combien', 'demander'))
    mul('benefit', 1.3);
  if (any('courrier') && !any('pourquoi', 'combien', 'demander', 'arreter', 'changer', 'decision'))
    mul('notices', 1.3);
  return m;
}

function documents(): Doc[] {
  const docs: Doc[] = [];
  for (const intent of INTENTS)
    for (const text of EXAMPLES[intent] ?? [])
      docs.push({ id: docs.length, intent, faq: undefined, text });
  for (const entry of FAQ_ENTRIES)
    for (const text of entry.examples ?? [])
      docs.push({ id: docs.length, intent: 'faq', faq: entry.id, text });
  return docs;
}

export interface Classifier {
  classify(question: string): Classification;
}

const GREETING = new Set(['bonjour', 'merci']);

export function createClassifier(): Classifier {
  const docs = documents();
  const index = new MiniSearch<Doc>({
    fields: ['text'],
    storeFields: ['intent', 'faq'],
    tokenize: (text) => terms(text),
    processTerm: (term) => term,
    searchOptions: {
      tokenize: (text) => text.split(' ').filter(Boolean),
      processTerm: (term) => term,
    },
  });
  index.addAll(docs);
  const known = (t: string) => KNOWN_CONCEPTS.has(t);

  return {
    classify(question) {
      const refusal = refusalOf(question);
      if (refusal) return { intent: 'refused', score: 0, unsure: false, refusal };
      const all = terms(question);
      const content = all.filter((t) => !GREETING.has(t));
      if (all.length > 0 && content.length === 0)
        return { intent: 'greeting', score: 0, unsure: false };
      if (content.length === 0) return { intent: 'out-of-scope', score: 0, unsure: true };
      const results = index.search(content.join(' '), {
        fuzzy: (t) => (known(t) || t.length < 5 ? false : 0.25),
        prefix: (t) => !known(t) && t.length >= 5,
        weights: { fuzzy: 0.6, prefix: 0.5 },
        boostTerm: (t) => (known(t) ? 1.5 : 1),
        combineWith: 'OR',
      });
      // The best example per intent (and per common question), ties broken by name: stable.
      const best = new Map<string, { intent: Intent; faq: string | undefined; score: number }>();
      for (const r of results) {
        const intent = r['intent'] as Intent;
        const faq = r['faq'] as string | undefined;
        const key = intent === 'faq' ? `faq:${faq}` : intent;
        const seen = best.get(key);
        if (!seen || r.score > seen.score) best.set(key, { intent, faq, score: r.score });
      }
      const boost = cues(new Set(content));
      for (const v of best.values()) v.score *= boost[v.intent] ?? 1;
      const ranked = [...best.entries()].sort(
        ([ka, a], [kb, b]) => b.score - a.score || ka.localeCompare(kb),
      );
      const [first, second] = ranked;
      if (!first) return { intent: 'out-of-scope', score: 0, unsure: true };
      const top = first[1];
      const unsure =
        top.score < MIN_SCORE ||
        (second !== undefined &&
          second[1].intent !== top.intent &&
          top.score < second[1].score * MIN_MARGIN);
      return {
        intent: top.intent,
        score: top.score,
        unsure,
        ...(top.faq ? { faq: top.faq } : {}),
      };
    },
  };
}
