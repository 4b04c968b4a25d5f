// Dead letters and rejects on the whole chain: listed with their reason, origin, age and status;
// replayed back through the same checks (still poison: back in the dead letters with its attempts
// and replay count, once — never a loop); discarded with a reason, journaled with the operator;
// a replayed or discarded one refused unless the operator says so. A router dead letter replayed
// after the citizen revoked her consent is judged at replay time: denied, no delivery, no access
// record (docs/decisions.md dec-028).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics, type Catalog } from '@relais/contracts';
import { publish, type Json } from '@relais/harness';
import { waitFor } from '@relais/testkit';
import { camille, nativeRecord, startWorld, type World } from './support.ts';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(() => w?.close());

const ADDRESS = 'fr.gouv.residence.AddressChanged';

/** The dead letters of one event, as the console lists them, once there are `count`. */
async function deadLettersOf(eventId: string, count: number): Promise<Json[]> {
  return waitFor(
    async () => {
      const res = await w.api('GET', `/api/v1/dead-letters?eventId=${encodeURIComponent(eventId)}`);
      const list = res.body.deadLetters as Json[];
      return list.length >= count ? list : undefined;
    },
    { what: `${count} dead letter(s) of ${eventId}`, timeoutMs: 45_000 },
  );
}

/** Everything on the followed topics now is indexed: a positive marker for "nothing else came". */
const indexed = () => w.console.indexer.caughtUp(30_000);

describe('a native record the gateway cannot read (JSON instead of Avro)', () => {
  let first: Json;
  let second: Json;
  let eventId: string;

  it('is listed as a reject with its reason, origin and age; replayed, it comes back once with its attempts and replay count', async () => {
    const { relais } = w;
    const agency = relais.id('mairie-lyon');
    const ingress = topics.ingress.name(agency);
    const poison = nativeRecord(
      relais,
      'mairie-lyon',
      ADDRESS,
      'a-pseudonym',
      Buffer.from(JSON.stringify({ street: '12 rue de la République' })),
    );
    eventId = poison.id;
    await w.producer.send(ingress, [poison]);
    [first] = (await deadLettersOf(eventId, 1)) as [Json];
    expect(first).toMatchObject({
      id: expect.stringMatching(new RegExp(`^relais\\.rejects\\.${agency}:0:\\d+$`)),
      source: 'reject',
      owner: agency,
      reason: 'serde.wire-format',
      error: expect.stringContaining('value: expected'),
      origin: { topic: ingress, partition: expect.any(Number), offset: expect.any(String) },
      eventId,
      attempts: 1,
      replays: 0,
      status: 'open',
    });
    expect(first['ageSeconds']).toBeGreaterThanOrEqual(0);

    const replay = await w.api('POST', '/api/v1/dead-letters/replay', { ids: [first['id']] });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({
      kind: 'replay',
      operator: camille,
      targets: [first['id']],
      results: [
        { target: first['id'], outcome: expect.stringMatching(`^replayed to ${ingress}/`) },
      ],
    });
    // The gateway judged it again: still poison, back in the rejects — attempts 2, replay 1.
    const both = await deadLettersOf(eventId, 2);
    await indexed();
    expect(await deadLettersOf(eventId, 2)).toHaveLength(2);
    second = both.find((d) => d['id'] !== first['id']) as Json;
    expect(second).toMatchObject({
      attempts: 2,
      replays: 1,
      status: 'open',
      reason: 'serde.wire-format',
    });
    expect(both.find((d) => d['id'] === first['id'])?.['status']).toBe('replayed');
  });

  it('refuses to replay the replayed one again unless told; discards the new one with a reason, journaled', async () => {
    const again = await w.api('POST', '/api/v1/dead-letters/replay', { ids: [first['id']] });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'console.replay-refused',
      problems: [{ field: '/body/ids/0', expected: expect.stringContaining('replayed') }],
    });
    const unknown = await w.api('POST', '/api/v1/dead-letters/replay', {
      ids: [`${String(first['id']).replace(/:\d+$/, ':999999')}`],
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.problems[0].field).toBe('/body/ids/0');

    const discard = await w.api('POST', '/api/v1/dead-letters/discard', {
      ids: [second['id']],
      reason: 'The mairie sends JSON by mistake; fixed on their side.',
    });
    expect(discard.status).toBe(200);
    const journal = await w.api('GET', '/api/v1/journal?limit=10');
    expect(journal.body.actions.slice(0, 2)).toMatchObject([
      {
        kind: 'discard',
        operator: { sub: camille.sub, displayName: camille.displayName },
        targets: [second['id']],
        reason: 'The mairie sends JSON by mistake; fixed on their side.',
      },
      { kind: 'replay', operator: camille, targets: [first['id']] },
    ]);
    const now = await deadLettersOf(eventId, 2);
    expect(now.find((d) => d['id'] === second['id'])?.['status']).toBe('discarded');
    const closed = await w.api('POST', '/api/v1/dead-letters/replay', { ids: [second['id']] });
    expect(closed.status).toBe(409);
    expect(closed.body.message).toContain('discarded');
    const twice = await w.api('POST', '/api/v1/dead-letters/discard', {
      ids: [second['id']],
      reason: 'again',
    });
    expect(twice.status).toBe(409);
    // The filter by status.
    const open = await w.api('GET', `/api/v1/dead-letters?eventId=${eventId}&status=open`);
    expect(open.body.deadLetters).toEqual([]);
  });

  it("shows in the event's flow: rejected at ingress and why, with its replay", async () => {
    const flow = await w.api('GET', `/api/v1/flows/${eventId}`);
    expect(flow.body).toMatchObject({
      eventId,
      canonical: null,
      ingress: {
        via: 'kafka',
        outcome: 'rejected',
        reason: { code: 'serde.wire-format', message: expect.stringContaining('value: expected') },
      },
    });
    expect(flow.body.deadLetters).toHaveLength(2);
    expect(flow.body.replays).toEqual([expect.objectContaining({ replayOf: first['id'] })]);
    const found = await w.api('GET', `/api/v1/flows?eventId=${eventId}`);
    expect(found.body.flows).toEqual([expect.objectContaining({ outcome: 'rejected' })]);
  });
});

describe('a router dead letter replayed after the citizen revoked her consent', () => {
  it('is judged at replay time: denied to CAF, no delivery, no access record; delivered by law to DGFiP', async () => {
    const { relais } = w;
    const c = await relais.citizen(['local', 'family', 'tax']);
    const granted = await relais.call(relais.consent.url, 'POST', '/v1/me/consents', c.token, {
      purpose: 'address-update',
      recipient: relais.id('caf'),
      categories: ['address'],
    });
    expect(granted.status).toBe(201);
    // A router deployed with a catalog that does not know AddressChanged yet (its domain's topic
    // still read: another residence contract stands in its place): the move is dead-lettered.
    const full = relais.catalog;
    const without: Catalog = {
      ...full,
      contracts: full.contracts.map((x) =>
        x.fullName === ADDRESS
          ? { ...x, fullName: `${ADDRESS}Draft`, name: 'AddressChangedDraft' }
          : x,
      ),
      subscriptions: full.subscriptions.filter((s) => s.contract !== ADDRESS),
    };
    await relais.router.restart({ catalog: without });
    const eventId = await publish(
      relais,
      'mairie-lyon',
      ADDRESS,
      c.pseudonyms['local'] as string,
      relais.facts.move(),
    );
    const [dead] = (await deadLettersOf(eventId, 1)) as [Json];
    expect(dead).toMatchObject({
      source: 'dead-letter',
      owner: 'router',
      reason: 'event.unknown-contract',
      origin: { topic: topics.events.name('residence') },
      attempts: 1,
      replays: 0,
    });
    // Replayed while the router still does not know the contract: back once, attempts counted.
    expect((await w.api('POST', '/api/v1/dead-letters/replay', { ids: [dead['id']] })).status).toBe(
      200,
    );
    const twice = await deadLettersOf(eventId, 2);
    const back = twice.find((d) => d['id'] !== dead['id']) as Json;
    expect(back).toMatchObject({ attempts: 2, replays: 1, reason: 'event.unknown-contract' });

    // Meanwhile the citizen revokes CAF's consent; the router is deployed with the contract.
    const consents = await relais.call(relais.consent.url, 'GET', '/v1/me/consents', c.token);
    const consentId = (consents.body.consents as Json[]).find(
      (x) => x['recipient'] === relais.id('caf'),
    )?.['id'] as string;
    const revoked = await relais.call(
      relais.consent.url,
      'DELETE',
      `/v1/me/consents/${consentId}`,
      c.token,
    );
    expect(revoked.status).toBe(200);
    await relais.router.restart({ catalog: full });
    const replayedAt = relais.clock.now().getTime();
    expect((await w.api('POST', '/api/v1/dead-letters/replay', { ids: [back['id']] })).status).toBe(
      200,
    );

    // DGFiP receives it (legal obligation): the router judged it.
    await waitFor(async () => (await relais.inbox('dgfip')).some((e) => e['id'] === eventId), {
      what: 'DGFiP to receive the replayed move',
      timeoutMs: 30_000,
    });
    const flow = await waitFor(
      async () => {
        const res = await w.api('GET', `/api/v1/flows/${eventId}`);
        const f = res.body as Json;
        return f['decisions']?.length && f['accessRecords']?.length ? f : undefined;
      },
      { what: 'the decisions of the replayed move', timeoutMs: 30_000 },
    );
    const caf = (flow['decisions'] as Json[]).find((d) => d['agency'] === relais.id('caf'));
    expect(caf).toMatchObject({ outcome: 'denied', reason: 'revoked', legalBasis: 'consent' });
    // Judged at the replay's position in the log, not the original's.
    expect(Date.parse(caf?.['positionAt'])).toBeGreaterThanOrEqual(replayedAt - 1_000);
    expect(flow['recipients'].map((r: Json) => r['agency'])).not.toContain(relais.id('caf'));
    expect(flow['accessRecords'].map((a: Json) => a['recipient'])).not.toContain(relais.id('caf'));
    expect(flow['accessRecords'].map((a: Json) => a['recipient'])).toContain(relais.id('dgfip'));
    expect((await relais.inbox('caf')).map((e) => e['id'])).not.toContain(eventId);
    // The canonical record, and the replay onto the events topic for the router's group only.
    expect(flow['replays']).toEqual(
      expect.arrayContaining([expect.objectContaining({ replayOf: back['id'] })]),
    );
    // Nothing more was dead-lettered: the two, the first replayed, the second replayed.
    await indexed();
    const all = await deadLettersOf(eventId, 2);
    expect(all.map((d) => d['status']).sort()).toEqual(['replayed', 'replayed']);
  });
});

describe('webhook redelivery', () => {
  it('lists the failed deliveries and refuses to redeliver an unknown one, naming it', async () => {
    const failed = await w.api('GET', '/api/v1/webhooks/failed?limit=10');
    expect(failed.status).toBe(200);
    expect(failed.body.deliveries).toEqual([]);
    const res = await w.api('POST', '/api/v1/webhooks/redeliver', { ids: ['0000-unknown'] });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      code: 'console.webhook-delivery-not-found',
      problems: [{ field: '/body/ids/0' }],
    });
  });
});
