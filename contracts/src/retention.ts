// How long each topic keeps its records, why, and on which ground (issue 17, dec-035): personal
// data no longer than its purpose needs (GDPR art. 5(1)(e)), the access log as long as Relais must
// answer for what it delivered. Declared once, beside the topics (topics.ts puts each in its
// topic's configuration as `retention.ms`); shown in the backbone AsyncAPI and in
// docs/security.md; a service finding another retention on the broker says so at start, and
// `npm run kafka:topology -- --apply` reconciles it.

export const DAY_MS = 24 * 60 * 60 * 1000;

/** What a deployment may choose (RELAIS_REPLAY_WINDOW_DAYS). */
export interface RetentionSettings {
  /** How long agencies may re-read their deliveries; told to them in the AsyncAPI. */
  replayWindowDays?: number | undefined;
}

export const DEFAULT_REPLAY_WINDOW_DAYS = 30;

export interface Retention {
  /**
   * How long a record stays: days, or `unlimited` (`retention.ms=-1`: a compacted topic keeps the
   * latest record of each key; the operators' journal keeps all). `replay-window`: the
   * deployment's replay window (RELAIS_REPLAY_WINDOW_DAYS, 30 days by default).
   */
  days: number | 'unlimited' | 'replay-window';
  /** What the records are kept for. */
  purpose: string;
  /** Why this duration, and not longer. */
  reason: string;
}

/** The retention in milliseconds (-1: unlimited) under a deployment's settings. */
export function retentionMs(r: Retention, settings: RetentionSettings = {}): number {
  if (r.days === 'unlimited') return -1;
  const days =
    r.days === 'replay-window' ? (settings.replayWindowDays ?? DEFAULT_REPLAY_WINDOW_DAYS) : r.days;
  return Math.round(days * DAY_MS);
}

/** Six years (6 × 365 days + 2 leap days), the access log's period of accountability (dec-035). */
export const ACCOUNTABILITY_DAYS = 6 * 365 + 2;

const gdprMinimisation = 'GDPR art. 5(1)(e): no longer than the purpose needs';

export const retentions = {
  ingress: {
    days: 7,
    purpose:
      'The gateway reads each native record once; operators re-run one the gateway failed on (an outage, a registry that did not answer).',
    reason: `A week covers a weekend outage and its repair; once validated, the canonical event holds the fact. ${gdprMinimisation}.`,
  },
  rejects: {
    days: 30,
    purpose:
      'Operators and the publishing agency examine a refused record and replay it from the console once fixed.',
    reason: `A month covers an incident's review with the agency; a refused record has no other use. ${gdprMinimisation}.`,
  },
  events: {
    days: 14,
    purpose:
      'The router resumes or is rebuilt from the canonical events after an outage; operators trace a flow (console) while it is recent.',
    reason: `Two weeks cover a long outage of the router; agencies keep their own copies (their deliveries), Relais is the conduit. ${gdprMinimisation}.`,
  },
  consents: {
    days: 'unlimited',
    purpose:
      "The citizen's whole consent document (compacted: the latest per citizen), withdrawals included: the router judges each event by it.",
    reason:
      'GDPR art. 7(1): the controller must be able to demonstrate the consent it relied on, for as long as it may be asked; a document replaces the previous one, nothing else accumulates.',
  },
  deliveries: {
    days: 'replay-window',
    purpose:
      'An agency re-reads what it received after an incident on its side, within the replay window it is told about (AsyncAPI).',
    reason: `The agency keeps its own copy under its own retention; Relais keeps the conduit's copy only for the announced window (RELAIS_REPLAY_WINDOW_DAYS, 30 days by default). ${gdprMinimisation}.`,
  },
  accessLog: {
    days: ACCOUNTABILITY_DAYS,
    purpose:
      "Who received which of a citizen's data, when, why and on which basis: the citizen's view (GDPR art. 15(1)(c)) and Relais' accountability (art. 5(2)); archived append-only beyond Kafka (dec-036).",
    reason:
      'Six years: the limitation period of offences (délits, code de procédure pénale art. 8), which covers unlawful processing and disclosure of personal data (code pénal art. 226-16 to 226-24), and longer than the four-year limitation of claims against public bodies (loi 68-1250). dec-035.',
  },
  accessLogCheckpoints: {
    days: 'unlimited',
    purpose:
      'Signed tree heads of the access log (the latest per partition, compacted): prove any record without reading from the first; every checkpoint is also archived.',
    reason: 'One small record per partition: what proves the access log must outlive it (dec-036).',
  },
  entitlements: {
    days: 30,
    purpose:
      'The notifier turns eligibility decisions into notices; it resumes from them after an outage.',
    reason: `A decision is recomputed with the citizen's next fact; the notice issued from it is kept on relais.notices. ${gdprMinimisation}.`,
  },
  notices: {
    days: 400,
    purpose:
      "Which notices went out by which channel: the yearly account of take-up (non-recours) and a citizen's question about a notice.",
    reason: `A year and a month covers the yearly account and its review. ${gdprMinimisation}.`,
  },
  eligibilityProfiles: {
    days: 'unlimited',
    purpose:
      'Changelog of the eligibility profiles (compacted: the latest per citizen); a withdrawal erases one with a tombstone.',
    reason:
      'Kept while the citizen consents to proactive eligibility: the tombstone on withdrawal is the end of it (dec-016).',
  },
  gatewayInboxAcks: {
    days: 'unlimited',
    purpose:
      'How far each agency acknowledged its inbox (compacted: the latest per agency), so that every gateway instance serves the same inbox and a rebuilt one forgets nothing acknowledged.',
    reason:
      'One small record per agency holding offsets, no personal data; it replaces the previous one, nothing accumulates.',
  },
  gatewayWebhookEndpoints: {
    days: 'unlimited',
    purpose:
      "Each agency's webhook endpoint and signing secret (compacted: the latest per agency), so that whichever gateway instance owns a delivery sends it.",
    reason:
      'One record per agency, no personal data; a removal is a tombstone, and compaction then drops the endpoint.',
  },
  gatewayWebhookDeliveries: {
    days: 'replay-window',
    purpose:
      'Each webhook delivery of an event to an agency, its status and attempts (compacted: the latest per delivery), so that any gateway instance lists it and the next owner of its partition sends what a stopped one left pending.',
    reason: `A delivery carries the delivered event: kept no longer than the deliveries it comes from (the replay window). ${gdprMinimisation}.`,
  },
  gatewayAssertionIds: {
    days: 1,
    purpose:
      'The ids of the client assertions the gateway accepted, so that an assertion replayed to any gateway instance is refused.',
    reason:
      'An assertion expires at most five minutes after it is made (plus the tolerated clock skew): a day covers it; ids only, no personal data.',
  },
  gatewayIdempotency: {
    days: 1,
    purpose:
      "Which gateway instance runs a request sent with an Idempotency-Key, and the answer every instance replays to the agency's retries.",
    reason:
      'The gateway promises replays for 24 hours (its README); hashes, event ids and statuses only, no request content.',
  },
  noticePreferences: {
    days: 'unlimited',
    purpose: "Citizens' notice preferences (compacted: the latest per citizen).",
    reason: 'Kept while they hold: a preference replaces the previous one.',
  },
  notifierNotices: {
    days: 'unlimited',
    purpose:
      "The notifier's notices, each channel's status, openings, claims and withdrawals (compacted: the latest per item): every instance's replica, rebuilt from it.",
    reason:
      'A notice is never issued twice for a citizen, benefit and period: its record must outlive any replica (dec-047).',
  },
  pseudonyms: {
    days: 'unlimited',
    purpose: 'The pseudonym directory (compacted): (sector, pseudonym) → pivot.',
    reason: "Needed for as long as the citizen's records flow between agencies.",
  },
  identityLinks: {
    days: 'unlimited',
    purpose:
      'Keyed hash of an identité pivot → pivot (compacted): resolves a FranceConnect sign-in.',
    reason: 'Needed for as long as the citizen signs in; a keyed hash, never the identity.',
  },
  routingDecisions: {
    days: 30,
    purpose:
      "The router's decision per subscription for each event (delivered or denied and why): operators trace a flow (console).",
    reason: `Keyed by event id and holding no value of the event; a month covers an incident's review. ${gdprMinimisation}.`,
  },
  operatorActions: {
    days: 'unlimited',
    purpose:
      "The operators' journal: every replay, discard and redelivery, with the operator who did it.",
    reason:
      "Operators' accountability for what they did to citizens' flows; it names operators and events, no citizen's data.",
  },
  mandates: {
    days: 'unlimited',
    purpose:
      "A citizen's mandates to France Services structures (compacted: the latest state per citizen): the consent service and the notifier check every counter agent's call against it.",
    reason:
      'Kept while a mandate may still be shown to the citizen or checked; the state replaces the previous one, and an ended mandate stays visible in it (dec-040).',
  },
  counterActions: {
    days: ACCOUNTABILITY_DAYS,
    purpose:
      'Every action and refused attempt of a France Services agent under a mandate: the citizen\'s "who acted for me" and the structure\'s accountability.',
    reason:
      'As long as the access log: acting for a citizen is accountable on the same grounds (code pénal art. 226-16 to 226-24, code de procédure pénale art. 8). dec-035, dec-040.',
  },
  deadLetters: {
    days: 30,
    purpose:
      'Poison records of a consumer, with their reason and origin: operators replay or discard them from the console.',
    reason: `A month covers an incident's review; the original bytes have no other use. ${gdprMinimisation}.`,
  },
  schemas: {
    days: 'unlimited',
    purpose: "The registry's storage (compacted): every schema version ever registered.",
    reason: 'Archived and retained records name the schema id they were written with.',
  },
  registryLeader: {
    days: 1,
    purpose: "The registry's leader election (a consumer group); nothing is written.",
    reason: 'Nothing to keep.',
  },
} as const satisfies Record<string, Retention>;
