// What a notice is made from, independent of Kafka and of the eligibility service's own types:
// an entitlement the eligibility engine determined, with its explanation. JSON-friendly, so the
// service can build it from an event or from a stored determination.

export type Benefit = 'CSS' | 'ARS' | 'RSA' | 'PRIME_ACTIVITE' | 'AAH' | 'CHEQUE_ENERGIE' | 'ASPA';

export const BENEFITS_LIST: readonly Benefit[] = [
  'CSS',
  'ARS',
  'RSA',
  'PRIME_ACTIVITE',
  'AAH',
  'CHEQUE_ENERGIE',
  'ASPA',
];

export type Language = 'FR' | 'EN';

/**
 * How to read `observedValue` and `parameterValue` when the condition id does not already say
 * it: `EUR-cents` are euro cents as digits ("1234500"), `count` a whole number, `percent` a rate
 * ("80"), `text` shown as it is (the default).
 */
export type ValueUnit = 'EUR-cents' | 'count' | 'percent' | 'years' | 'text';

export interface ExplainedCondition {
  /** Stable identifier, `<benefit>.<condition>` (e.g. `css.free-ceiling`); phrased when known. */
  id?: string;
  /** The condition in plain English: used as is when the id is unknown. */
  label: string;
  satisfied: boolean;
  /** The citizen's value, as text (money: euro cents as digits). */
  observedValue?: string;
  /** Name of the legal parameter compared with (e.g. `css.plafond_base`). */
  parameter?: string;
  /** Its value for this citizen, as text (money: euro cents as digits). */
  parameterValue?: string;
  /** First day the parameter's value applies, YYYY-MM-DD. */
  parameterFrom?: string;
  /** Legal source of the parameter. */
  source?: string;
  /** Unit of the two values when the id is unknown. */
  unit?: ValueUnit;
  /** Other facts the condition read (e.g. `persons: 3`, `ages: "34, 36"`), for fuller sentences. */
  facts?: Record<string, string | number | boolean | null>;
}

/** A caveat in English only, or in both languages. */
export type Caveat = string | { fr: string; en: string };

export interface Entitlement {
  decisionId: string;
  benefit: Benefit;
  /** Form of the benefit when it has several (CSS: `free` or `with-contribution`). */
  variant?: string;
  /** The period the notice is about (`2026`, or `2025-2026` for a school year). */
  period: string;
  /** Estimated monthly amount in euro cents; negative: a contribution the citizen pays. */
  estimatedMonthlyCents?: number;
  /** Estimated yearly (or one-off) amount in euro cents. */
  estimatedYearlyCents?: number;
  ruleVersion: string;
  /** YYYY-MM-DD. */
  determinedOn: string;
  conditions: ExplainedCondition[];
  caveats: Caveat[];
}

export interface NoticeLinks {
  /** Where to start the claim (e.g. a Relais redirect to the official service, for take-up). */
  claimUrl?: string;
  /** Where the citizen chooses channels and language, or stops these notices. */
  preferencesUrl: string;
  /** Opened-notice beacon of the take-up funnel: an image in the HTML only, never in text. */
  openUrl?: string;
}

export interface NoticeSection {
  /** Stable key of the section, for channels that lay it out differently. */
  key: 'found' | 'why' | 'amount' | 'estimate' | 'claim' | 'stop';
  heading: string;
  paragraphs: string[];
}

export interface Notice {
  language: Language;
  subject: string;
  sections: NoticeSection[];
  /** Plain text: subject, then each heading and its paragraphs. */
  text: string;
  /** An HTML fragment (`<article lang="…">`), escaped; links made clickable. */
  html: string;
}

export interface BilingualNotice {
  /** The notice's identifier (Message-ID, letter reference); the decision id unless given. */
  noticeId: string;
  decisionId: string;
  benefit: Benefit;
  preferred: Language;
  /** Preferred language first, then the other. */
  notices: [Notice, Notice];
  /** The preferred language's subject. */
  subject: string;
  /** Both texts, preferred first, with a pointer to the other version. */
  text: string;
  /** A complete HTML document with both versions, each with its `lang`. */
  html: string;
  preferencesUrl: string;
}
