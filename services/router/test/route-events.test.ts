// The routing use case with its deps handed in, without Kafka: what it produces, in which order
// its effects happen, and that a redelivered event is not delivered twice.
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import {
  asAgencyId,
  asEventId,
  asSubscriptionId,
  loadCatalog,
  type ConsentDocument,
  type Contract,
} from '@relais/contracts';
import { asPivot, derivePseudonym } from '@relais/identity';
import { createLogger, fixedClock, type OutgoingRecord } from '@relais/kit';
import { effectsStore } from '../src/adapters/effects.ts';
import {
  routeEvents,
  type RoutableEvent,
  type RouteEventsDeps,
} from '../src/consumers/route-events.ts';
import type { UnchainedAccessRecord } from '../src/domain/access-record.ts';
import { routingTable } from '../src/domain/routing-table.ts';
import { emptyStats } from '../src/domain/stats.ts';
import { captureLogs } from '@relais/testkit';

const catalog = loadCatalog().catalog;
const table = routingTable(catalog);
const ADDRESS = 'fr.gouv.residence.AddressChanged';
const key = Buffer.alloc(32, 7);
const pivot = asPivot('pivot-1');
const revokedAtMs = 2_000;

/** caf's consent, revoked in the log at `revokedAtMs`. */
const consentAt = (ts: number): ConsentDocument => ({
  version: 1,
  updatedAt: '2026-01-01T00:00:00.000Z',
  consents: [
    {
      id: 'to-caf',
      purpose: 'address-update',
      recipient: 'caf',
      categories: ['address'],
      grantedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: null,
      revokedAt: ts >= revokedAtMs ? '2026-11-02T00:00:00.000Z' : null,
      channel: 'PORTAL',
    },
  ],
});

function world() {
  const db = new DatabaseSync(':memory:');
  const published: Array<{ topic: string; records: OutgoingRecord[] }> = [];
  const appended: Array<{ partition: number; pivots: string[]; records: UnchainedAccessRecord[] }> =
    [];
  const caughtUp: Array<[number, number]> = [];
  const steps: string[] = [];
  let failAppend = false;
  const effects = effectsStore(db);
  const deps: RouteEventsDeps = {
    table,
    consents: {
      ensureCaughtUp: async (partition, ts) => {
        caughtUp.push([partition, ts]);
      },
      at: (_partition, _pivot, ts) => consentAt(ts),
    },
    serde: {
      encode: async (schemaId, value) => Buffer.from(JSON.stringify({ schemaId, value })),
    },
    producer: {
      publish: async (topic, records) => {
        steps.push(`publish ${topic}`);
        published.push({ topic, records });
      },
    },
    accessLog: {
      // The writer publishes the deliveries (`alongside`) with the access records, in one produce.
      appendMany: async (partition, entries, alongside) => {
        await alongside?.();
        if (failAppend) throw new Error('access log unavailable');
        steps.push('access-log');
        appended.push({
          partition,
          pivots: entries.map((e) => e.pivot),
          records: entries.flatMap((e) => e.records),
        });
      },
    },
    effects,
    projectionIds: new Map(catalog.subscriptions.map((s, i) => [asSubscriptionId(s.id), i + 1])),
    pseudonymKey: key,
    stats: emptyStats(),
    logger: createLogger({ service: 'route-events-test', level: 'silent' }),
    clock: fixedClock('2026-11-02T09:30:00Z'),
    traceId: () => 'trace-1',
    decisions: { topic: 'relais.routing-decisions', schemaId: 99 },
  };
  return {
    db,
    deps,
    published,
    appended,
    caughtUp,
    steps,
    failNextAppend: () => (failAppend = true),
    healAppend: () => (failAppend = false),
  };
}

let current: ReturnType<typeof world> | undefined;
afterEach(() => current?.db.close());

function event(id: string, appendedAt: number): RoutableEvent {
  return {
    id: asEventId(id),
    envelope: {
      specversion: '1.0',
      id,
      source: 'urn:relais:agency:mairie-lyon',
      type: ADDRESS,
      time: '2026-11-02T09:30:00Z',
      datacontenttype: 'application/avro',
    },
    contract: table.contract(ADDRESS) as Contract,
    value: { street: '12 rue de la République', postcode: '69002', moveKind: 'WITHIN_COMMUNE' },
    pivot,
    partition: 1,
    appendedAt,
  };
}

const decoded = (r: OutgoingRecord) =>
  JSON.parse((r.value as Buffer).toString()) as { schemaId: number; value: unknown };
/** What went to the recipients' deliveries topics (the decisions go to a topic of their own). */
const deliveriesOf = (published: Array<{ topic: string; records: OutgoingRecord[] }>) =>
  published.filter((p) => p.topic.startsWith('relais.deliveries.'));
const decisionsOf = (published: Array<{ topic: string; records: OutgoingRecord[] }>) =>
  published
    .filter((p) => p.topic === 'relais.routing-decisions')
    .flatMap((p) => p.records.map((r) => ({ key: r.key, ...decoded(r) })));

describe('routeEvents', () => {
  it('delivers each event to its recipients under their pseudonyms, projected, then records each delivery', async () => {
    const w = (current = world());
    await routeEvents({ events: [event('e1', 1_000)], deps: w.deps });
    expect(w.caughtUp).toEqual([[1, 1_000]]);
    const byTopic = Object.fromEntries(deliveriesOf(w.published).map((p) => [p.topic, p.records]));
    expect(Object.keys(byTopic).sort()).toEqual([
      'relais.deliveries.caf',
      'relais.deliveries.dgfip',
    ]);
    const [toCaf] = byTopic['relais.deliveries.caf'] ?? [];
    expect(toCaf?.key).toBe(derivePseudonym(key, 'family', pivot));
    expect(toCaf?.headers).toMatchObject({
      ce_id: 'e1',
      ce_purpose: 'address-update',
      ce_legalbasis: 'consent',
      ce_consentid: 'to-caf',
    });
    expect(decoded(toCaf as OutgoingRecord).value).toEqual({
      street: '12 rue de la République',
      postcode: '69002',
    });
    const [toDgfip] = byTopic['relais.deliveries.dgfip'] ?? [];
    expect(toDgfip?.key).toBe(derivePseudonym(key, 'tax', pivot));
    expect(toDgfip?.headers?.['ce_legalbasis']).toBe('legal-obligation');
    expect(toDgfip?.headers?.['ce_consentid']).toBeUndefined();

    expect(w.steps.at(-1)).toBe('access-log');
    expect(w.appended).toHaveLength(1);
    expect(w.appended[0]?.partition).toBe(1);
    expect(w.appended[0]?.records.map((r) => [r.recipient, r.legalBasis, r.traceId])).toEqual([
      ['caf', 'CONSENT', 'trace-1'],
      ['dgfip', 'LEGAL_OBLIGATION', 'trace-1'],
    ]);
    expect(w.deps.stats).toMatchObject({ events: 1, deliveries: 2, duplicatesSkipped: 0 });
    expect(w.deps.stats.denials).toMatchObject({ 'no-consent': 2 });
  });

  it('judges each event of a batch by the consent state at its own position', async () => {
    const w = (current = world());
    await routeEvents({ events: [event('before', 1_999), event('after', 2_000)], deps: w.deps });
    const toCaf = w.published.find((p) => p.topic === 'relais.deliveries.caf')?.records ?? [];
    expect(toCaf.map((r) => r.headers?.['ce_id'])).toEqual(['before']);
    expect(w.deps.stats.denials.revoked).toBe(1);
    expect(w.deps.stats.denialsByAgency['caf']).toEqual({ revoked: 1 });
    // One access-log append for the batch, in the events' order.
    expect(w.appended).toHaveLength(1);
    expect(w.appended[0]?.pivots).toEqual([pivot, pivot]);
    expect(w.appended[0]?.records.map((r) => `${r.eventId}→${r.recipient}`)).toEqual([
      'before→caf',
      'before→dgfip',
      'after→dgfip',
    ]);
  });

  it("judges a consent's expiry at the event's place in the log, not at the time its publisher wrote", async () => {
    const w = (current = world());
    const expiresAtMs = 1_500;
    const expiring: ConsentDocument = {
      ...consentAt(0),
      consents: consentAt(0).consents.map((c) => ({
        ...c,
        grantedAt: new Date(0).toISOString(),
        expiresAt: new Date(expiresAtMs).toISOString(),
      })),
    };
    w.deps.consents.at = () => expiring;
    const claiming = (id: string, appendedAt: number, claimedMs: number): RoutableEvent => {
      const e = event(id, appendedAt);
      return { ...e, envelope: { ...e.envelope, time: new Date(claimedMs).toISOString() } };
    };
    await routeEvents({
      events: [
        // Appended after the expiry, though its publisher says it happened before.
        claiming('late', expiresAtMs + 500, expiresAtMs - 1_000),
        // Appended before the expiry, though its publisher dates it after.
        claiming('early', expiresAtMs - 500, expiresAtMs + 10_000),
      ],
      deps: w.deps,
    });
    const toCaf = w.published.find((p) => p.topic === 'relais.deliveries.caf')?.records ?? [];
    expect(toCaf.map((r) => r.headers?.['ce_id'])).toEqual(['early']);
    expect(w.deps.stats.denialsByAgency['caf']).toEqual({ expired: 1 });
  });

  it('writes, with the deliveries, one decision per subscription of each event: delivered or denied and why, keyed by the event id', async () => {
    const w = (current = world());
    await routeEvents({ events: [event('before', 1_999), event('after', 2_000)], deps: w.deps });
    const decisions = decisionsOf(w.published);
    expect(decisions.map((d) => d.key)).toEqual(['before', 'after']);
    expect(decisions.every((d) => d.schemaId === 99)).toBe(true);
    const [before, after] = decisions.map((d) => d.value as Record<string, any>);
    expect(before).toMatchObject({
      eventId: 'before',
      contract: ADDRESS,
      positionAt: new Date(1_999).toISOString(),
      decidedAt: '2026-11-02T09:30:00.000Z',
      traceId: 'trace-1',
    });
    const subscriptions = table.subscriptionsOf(ADDRESS);
    expect(after?.['decisions']).toHaveLength(subscriptions.length);
    const judged = (d: Record<string, any>, agency: string) =>
      (d['decisions'] as Array<Record<string, unknown>>).find((x) => x['agency'] === agency);
    expect(judged(before ?? {}, 'caf')).toMatchObject({
      outcome: 'DELIVERED',
      reason: null,
      legalBasis: 'consent',
      purpose: 'address-update',
    });
    // Revoked at 2 000: the event appended then is denied to CAF, with the reason and the basis.
    expect(judged(after ?? {}, 'caf')).toMatchObject({
      outcome: 'DENIED',
      reason: 'revoked',
      legalBasis: 'consent',
      purpose: 'address-update',
    });
    expect(judged(after ?? {}, 'dgfip')).toMatchObject({
      outcome: 'DELIVERED',
      legalBasis: 'legal-obligation',
    });
    // Never the citizen: no pivot in the key or the value.
    expect(JSON.stringify(decisions)).not.toContain(pivot);
    // Written in the same produce as the deliveries and the access records.
    expect(w.steps.indexOf('publish relais.routing-decisions')).toBeLessThan(
      w.steps.indexOf('access-log'),
    );
  });

  it("judges a revocation at the event's place in the log, not at the time its publisher wrote", async () => {
    const w = (current = world());
    const claiming = (id: string, appendedAt: number, claimedMs: number): RoutableEvent => {
      const e = event(id, appendedAt);
      return { ...e, envelope: { ...e.envelope, time: new Date(claimedMs).toISOString() } };
    };
    await routeEvents({
      events: [
        // Appended after the revocation (at revokedAtMs), though its publisher dates it long before.
        claiming('late', revokedAtMs + 1, 0),
        // Appended before it, though dated after.
        claiming('early', revokedAtMs - 1, revokedAtMs + 60_000),
      ],
      deps: w.deps,
    });
    const toCaf = w.published.find((p) => p.topic === 'relais.deliveries.caf')?.records ?? [];
    expect(toCaf.map((r) => r.headers?.['ce_id'])).toEqual(['early']);
    expect(w.deps.stats.denialsByAgency['caf']).toEqual({ revoked: 1 });
  });

  it('does not deliver an event twice once its effects are marked, and says so at info', async () => {
    const w = (current = world());
    const logs = captureLogs();
    w.deps.logger = createLogger({
      service: 'route-events-test',
      level: 'info',
      destination: logs.destination,
    });
    await routeEvents({ events: [event('e1', 1_000)], deps: w.deps });
    await routeEvents({ events: [event('e1', 1_000)], deps: w.deps });
    expect(deliveriesOf(w.published).flatMap((p) => p.records)).toHaveLength(2);
    expect(w.deps.stats).toMatchObject({ events: 2, deliveries: 2, duplicatesSkipped: 2 });
    // Never dropped without a visible trace: each skipped delivery is a line naming the event.
    const skipped = logs.records().filter((l) => l['msg'] === 'duplicate delivery skipped');
    expect(skipped.map((l) => [l['level'], l['event'], l['recipient']]).sort()).toEqual([
      ['info', 'e1', 'caf'],
      ['info', 'e1', 'dgfip'],
    ]);
    expect(JSON.stringify(skipped)).not.toContain('pivot-1');
  });

  it('marks no effect when the access log fails: the retry delivers again rather than losing', async () => {
    const w = (current = world());
    w.failNextAppend();
    await expect(routeEvents({ events: [event('e1', 1_000)], deps: w.deps })).rejects.toThrow(
      'access log unavailable',
    );
    expect(w.deps.effects.done(asEventId('e1'), asAgencyId('caf'))).toBe(false);
    w.healAppend();
    await routeEvents({ events: [event('e1', 1_000)], deps: w.deps });
    expect(deliveriesOf(w.published).flatMap((p) => p.records)).toHaveLength(4);
    expect(w.deps.stats.deliveries).toBe(2);
    expect(w.deps.stats.duplicatesSkipped).toBe(0);
  });
});
