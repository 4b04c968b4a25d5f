// The checker, in the spirit of Kafka's ReplicationTest and Jepsen's set checkers: from what the
// clients were told (acknowledged publications) and what they received (inboxes, webhooks,
// notices), and from the topics themselves, it counts what must be zero. The expected deliveries
// come from a model of its own: the catalog's subscriptions, and for those on consent, the
// citizen's consent document at the event's position (its broker append time; a tie goes to the
// consent change), judged by the contracts' decideConsent — not from the router's decisions.
import type { Kafka } from 'kafkajs';
import {
  decideConsent,
  parseConsentDocument,
  topics,
  type Catalog,
  type ConsentDocument,
  type DataCategory,
} from '@relais/contracts';
import type { AvroSerde } from '@relais/kit';
import { auditAccessLog } from '@relais/router/audit';
import type { InboxFollower, Json, Received } from './clients.ts';
import { HOUSEHOLD, INCOME, type Publication } from './load.ts';
import { readTopics, type TopicRecord } from './topics.ts';

export interface CheckInput {
  kafka: Kafka;
  serde: AvroSerde;
  catalog: Catalog;
  publications: Publication[];
  inboxes: Record<string, InboxFollower>;
  webhooks: { agencies: string[]; received: Received[] };
  /** Each proactive citizen's notices as the notifier shows them (GET /v1/me/notices). */
  notices: () => Promise<Json[][]>;
  /** Citizens who opened their data to Relais and had their facts acknowledged. */
  noticesExpected: number;
}

export interface Counts {
  acknowledgedLost: number;
  deliveriesMissing: number;
  duplicates: number;
  deliveriesAfterRevocation: number;
  chainsFailing: number;
  extras: Record<string, number | string>;
}

const count = <T>(items: T[], key: (t: T) => string): Map<string, number> => {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
};
const repeats = (m: Map<string, number>): number =>
  [...m.values()].reduce((n, v) => n + Math.max(0, v - 1), 0);

/** The citizen's consent document at `t` (a change appended at `t` counts: it wins the tie). */
function documentAt(versions: TopicRecord[] | undefined, t: number): ConsentDocument | undefined {
  let doc: ConsentDocument | undefined;
  for (const v of versions ?? []) {
    if (v.timestamp > t) break;
    doc = v.value ? parseConsentDocument(v.value.toString()) : undefined;
  }
  return doc;
}

/** How the publications given up on were last answered: ` (409 ×4)`. */
function gaveUp(publications: Publication[]): string {
  const last = count(
    publications.filter((p) => p.eventId === undefined),
    (p) => String(p.status),
  );
  return last.size ? ` (${[...last].map(([status, n]) => `${status} ×${n}`).join(', ')})` : '';
}

export async function check(input: CheckInput): Promise<Counts> {
  const { catalog } = input;
  const domains = [...new Set(catalog.contracts.map((c) => c.domain))];
  const agencies = ['caf', 'cpam', 'dgfip', 'relais'];
  const records = await readTopics(input.kafka, [
    ...domains.map((d) => topics.events.name(d)),
    topics.consents.name,
    ...agencies.map((a) => topics.deliveries.name(a)),
    topics.notices.name,
    topics.entitlements.name,
    topics.accessLog.name,
  ]);
  const events = records.filter((r) => r.topic.startsWith('relais.events.'));
  const consents = new Map<string, TopicRecord[]>();
  for (const r of records.filter((x) => x.topic === topics.consents.name))
    consents.set(r.key, [...(consents.get(r.key) ?? []), r]);
  for (const list of consents.values()) list.sort((a, b) => a.timestamp - b.timestamp);
  const deliveries = records.filter((r) => r.topic.startsWith('relais.deliveries.'));

  // 1. Acknowledged events lost: a 202's event id that no events topic holds.
  const onTopics = new Set(events.map((e) => e.headers['ce_id']));
  const acknowledged = input.publications.filter((p) => p.eventId !== undefined);
  const acknowledgedLost = acknowledged.filter((p) => !onTopics.has(p.eventId)).length;
  const acknowledgedIds = new Set(acknowledged.map((p) => p.eventId));

  // 2. The model: which (event, agency) pairs must be delivered.
  const sectors = new Map(catalog.agencies.map((a) => [a.id, a.sector]));
  const expected = new Set<string>();
  const byEvent = new Map<string, TopicRecord>();
  for (const e of events) {
    const id = e.headers['ce_id'] ?? '';
    if (byEvent.has(id)) continue; // a repeat of the same event: judged once
    byEvent.set(id, e);
    const contract = catalog.contracts.find((c) => c.fullName === e.headers['ce_type']);
    if (!contract) continue;
    for (const s of catalog.subscriptions.filter((x) => x.contract === contract.fullName)) {
      if (!agencies.includes(s.agency)) continue;
      if (s.legalBasis === 'consent') {
        const categories = [
          ...new Set(
            contract.fields
              .filter((f) => f.topLevel && s.fields.includes(f.name))
              .map((f) => f.category),
          ),
        ] as DataCategory[];
        const need = {
          purpose: s.purpose,
          agency: s.agency,
          sector: sectors.get(s.agency) ?? '',
          categories,
        };
        const doc = documentAt(consents.get(e.key), e.timestamp);
        if (!decideConsent(doc, need, new Date(e.timestamp)).ok) continue;
      }
      expected.add(`${id}>${s.agency}`);
    }
  }
  const delivered = new Set(
    deliveries.map((d) => `${d.headers['ce_id']}>${d.topic.slice('relais.deliveries.'.length)}`),
  );
  const missingOnTopics = [...expected].filter((k) => !delivered.has(k)).length;
  const unexpected = [...delivered].filter((k) => !expected.has(k)).length;
  const expectedFor = (agency: string) =>
    [...expected].filter((k) => k.endsWith(`>${agency}`)).map((k) => k.slice(0, k.indexOf('>')));
  let missingInInboxes = 0;
  for (const [agency, follower] of Object.entries(input.inboxes)) {
    const seen = new Set(follower.seen.map((s) => s.id));
    missingInInboxes += expectedFor(agency).filter((id) => !seen.has(id)).length;
  }
  let missingAtWebhooks = 0;
  for (const agency of input.webhooks.agencies) {
    const got = new Set(
      input.webhooks.received.filter((r) => r.agency === agency).map((r) => r.eventId),
    );
    missingAtWebhooks += expectedFor(agency).filter((id) => !got.has(id)).length;
  }

  // 3. Duplicates an agency or a citizen would see.
  let inboxDuplicates = 0;
  let samePublicationTwice = 0;
  for (const follower of Object.values(input.inboxes)) {
    inboxDuplicates += repeats(count(follower.seen, (s) => s.id));
    const firstIds = new Map<string, Set<string>>();
    for (const s of follower.seen.filter((x) => x.street))
      firstIds.set(s.street ?? '', (firstIds.get(s.street ?? '') ?? new Set()).add(s.id));
    samePublicationTwice += [...firstIds.values()].filter((ids) => ids.size > 1).length;
  }
  const hooks = input.webhooks.received;
  // One event under two delivery ids is a duplicate; one delivery id POSTed again after a gateway
  // died before recording the answer is the documented at-least-once, dropped by delivery id.
  const webhookDuplicates = repeats(
    count([...new Set(hooks.map((h) => `${h.agency}>${h.eventId}>${h.deliveryId}`))], (k) =>
      k.slice(0, k.lastIndexOf('>')),
    ),
  );
  const webhookRedeliveries = repeats(count(hooks, (h) => `${h.agency}>${h.deliveryId}`));
  const notices = await Promise.all(
    records
      .filter((r) => r.topic === topics.notices.name)
      .map(async (r) => ({ key: r.key, value: (await input.serde.decode<Json>(r.value)).value })),
  );
  // Where a missing notice stops: the facts delivered to Relais, the determinations made of them.
  const factsToRelais = new Map<string, Set<string>>();
  for (const d of deliveries.filter((r) => r.topic === topics.deliveries.name('relais')))
    factsToRelais.set(
      d.key,
      (factsToRelais.get(d.key) ?? new Set()).add(d.headers['ce_type'] ?? ''),
    );
  const withBothFacts = [...factsToRelais.values()].filter(
    (types) => types.has(HOUSEHOLD) && types.has(INCOME),
  ).length;
  const determinations = await Promise.all(
    records
      .filter((r) => r.topic === topics.entitlements.name)
      .map(async (r) => ({ key: r.key, value: (await input.serde.decode<Json>(r.value)).value })),
  );
  const determined = new Set(determinations.map((d) => d.key)).size;
  const likelyEligible = new Set(
    determinations.filter((d) => d.value['outcome'] === 'LIKELY_ELIGIBLE').map((d) => d.key),
  ).size;
  const noticeIdsPerPeriod = new Map<string, Set<string>>();
  for (const n of notices) {
    const k = `${n.key}>${String(n.value['benefit'])}>${String(n.value['period'])}`;
    noticeIdsPerPeriod.set(
      k,
      (noticeIdsPerPeriod.get(k) ?? new Set()).add(String(n.value['noticeId'])),
    );
  }
  const noticeDuplicatesOnTopic = [...noticeIdsPerPeriod.values()].reduce(
    (s, ids) => s + ids.size - 1,
    0,
  );
  const statusesRepeated = repeats(
    count(
      notices.filter((n) => n.value['status'] !== 'PENDING'),
      (n) => `${String(n.value['noticeId'])}>${String(n.value['channel'])}`,
    ),
  );
  const shown = await input.notices();
  const noticeDuplicatesShown = shown.reduce(
    (s, list) => s + repeats(count(list, (n) => `${String(n['benefit'])}>${String(n['period'])}`)),
    0,
  );

  // 4. Deliveries under a consent at or after the position of its revocation.
  const revokedAt = new Map<string, number>();
  for (const list of consents.values())
    for (const v of list) {
      if (!v.value) continue;
      for (const c of parseConsentDocument(v.value.toString()).consents)
        if (c.revokedAt && !revokedAt.has(c.id)) revokedAt.set(c.id, v.timestamp);
    }
  const afterRevocation = deliveries.filter((d) => {
    const consent = d.headers['ce_consentid'];
    const event = byEvent.get(d.headers['ce_id'] ?? '');
    const at = consent ? revokedAt.get(consent) : undefined;
    return at !== undefined && event !== undefined && event.timestamp >= at;
  }).length;

  // An access recorded twice: one (event, recipient) in two access records — a router that took
  // over a partition and routed again what the killed one had recorded (dec-048).
  const accessRecords = await Promise.all(
    records
      .filter((r) => r.topic === topics.accessLog.name)
      .map(async (r) => (await input.serde.decode<Json>(r.value)).value),
  );
  const accessTwice = repeats(
    count(accessRecords, (a) => `${String(a['eventId'])}>${String(a['recipient'])}`),
  );

  // 5. The access log's hash chains.
  const audit = await auditAccessLog(input.kafka, input.serde, topics.accessLog.name);
  const chainsFailing = new Set(audit.problems.map((p) => p.at.split('@')[0])).size;

  const citizensNotified = shown.filter((list) => list.length > 0).length;
  return {
    acknowledgedLost,
    deliveriesMissing: missingOnTopics + missingInInboxes + missingAtWebhooks,
    duplicates:
      inboxDuplicates +
      samePublicationTwice +
      webhookDuplicates +
      noticeDuplicatesOnTopic +
      noticeDuplicatesShown +
      accessTwice,
    deliveriesAfterRevocation: afterRevocation,
    chainsFailing,
    extras: {
      'publications acknowledged (202)': acknowledged.length,
      'publications never acknowledged (gave up; last answer)': `${input.publications.length - acknowledged.length}${gaveUp(input.publications)}`,
      'events on the topics': events.length,
      'events on the topics never acknowledged (a retry after a lost answer)': [
        ...byEvent.keys(),
      ].filter((id) => !acknowledgedIds.has(id)).length,
      'deliveries expected by the model': expected.size,
      'delivery records on relais.deliveries.* (repeats included)': deliveries.length,
      'missing on relais.deliveries.*': missingOnTopics,
      'missing in inboxes (caf, cpam, dgfip)': missingInInboxes,
      'missing at webhooks (caf, dgfip)': missingAtWebhooks,
      'deliveries the model did not expect': unexpected,
      'inbox events served': Object.values(input.inboxes).reduce((s, f) => s + f.seen.length, 0),
      'inbox duplicates (same event id)': inboxDuplicates,
      'one publication under two event ids in an inbox': samePublicationTwice,
      'webhooks received': hooks.length,
      'webhook duplicates (same event, two delivery ids)': webhookDuplicates,
      'webhook redeliveries of one delivery id (at-least-once, receiver drops them)':
        webhookRedeliveries,
      'notice records on relais.notices': notices.length,
      'notice duplicates (two notice ids for one citizen, benefit, period)':
        noticeDuplicatesOnTopic,
      'notices shown twice to a citizen': noticeDuplicatesShown,
      'notice final statuses published again': statusesRepeated,
      'citizens with household and income delivered to Relais': withBothFacts,
      'citizens with a determination on relais.entitlements': determined,
      '… of which likely eligible to a benefit': likelyEligible,
      'citizens with a notice / expected': `${citizensNotified} / ${input.noticesExpected}`,
      'access records (one per delivery)': accessRecords.length,
      'one (event, recipient) recorded twice in the access log': accessTwice,
      'access-log partitions verified': audit.partitions
        .map((p) => `${p.partition}:${p.records}`)
        .join(' '),
    },
  };
}
