// An operator follows one event end to end on the whole chain: found by its event id, its trace
// id, and its agency and time range — accepted over HTTP (or natively over Kafka) → canonical
// topic, partition, offset → the router's decision per subscription → access records → each
// recipient's delivery, inbox entry and acknowledgement → the determination → the notice, with
// the link to its trace. The citizen appears only as Relais' pseudonym, never a pivot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '@relais/contracts';
import { consentToEligibility, publishFacts, type Citizen, type Json } from '@relais/harness';
import { waitFor } from '@relais/testkit';
import { nativeRecord, SCRAPE_TOKEN, startWorld, type World } from './support.ts';

let w: World;
beforeAll(async () => {
  w = await startWorld({ eligibility: true, notifier: true });
});
afterAll(() => w?.close());

const INCOME = 'fr.gouv.tax.IncomeAssessed';
const ADDRESS = 'fr.gouv.residence.AddressChanged';
/** The caller's own trace, which Relais continues (W3C traceparent). */
const trace = 'c0501e0c0501e0c0501e0c0501e0c05a';

async function citizen(): Promise<Citizen> {
  const { relais } = w;
  const c = await relais.citizen(['local', 'family', 'tax', 'health', 'relais']);
  await consentToEligibility(relais, c.token);
  const prefs = await relais.call(
    relais.notifier.service.url,
    'PUT',
    '/v1/me/notice-preferences',
    c.token,
    { channels: ['PORTAL'], language: 'FR' },
  );
  expect(prefs.status).toBe(200);
  return c;
}

/** The flow as the console answers it, once `ready` holds of it. */
async function flowOnce(eventId: string, ready: (f: Json) => boolean, what: string) {
  return waitFor(
    async () => {
      const res = await w.api('GET', `/api/v1/flows/${eventId}`);
      return res.status === 200 && ready(res.body) ? (res.body as Json) : undefined;
    },
    { what, timeoutMs: 45_000 },
  );
}

describe('an income drop, followed end to end', () => {
  let camille: Citizen;
  let eventId: string;
  let published: Date;

  it('shows its whole path: HTTP, canonical record, decisions, access records, inbox, determination, notice, trace', async () => {
    const { relais } = w;
    camille = await citizen();
    // First facts, a comfortable income: CSS not likely; then the DGFiP's drop, under its trace.
    await publishFacts(relais, camille, 2_500_000);
    const pseudonym = camille.pseudonyms['relais'] as string;
    await waitFor(() => relais.eligibility.of(pseudonym, 'CSS').length >= 1, {
      what: 'the first CSS determination',
      timeoutMs: 30_000,
    });
    published = relais.clock.now();
    const drop = await relais.call(
      relais.gateway.url,
      'POST',
      `/v1/events/${INCOME}`,
      await relais.agencyToken('dgfip'),
      { subject: camille.pseudonyms['tax'], data: relais.facts.income(900_000, relais.on.year()) },
      { traceparent: `00-${trace}-00f067aa0ba902b7-01` },
    );
    expect(drop.status).toBe(202);
    eventId = drop.body.id as string;
    const accepted = Date.now();

    // The canonical record and the router's decisions first: how far behind the index is.
    await flowOnce(eventId, (f) => f['canonical'] && f['decisions'].length > 0, 'canonical');
    const indexedMs = Date.now() - accepted;
    const flow = await flowOnce(
      eventId,
      (f) =>
        f['notices'].length > 0 &&
        f['accessRecords'].length > 0 &&
        f['recipients'].some((r: Json) => r['inbox']),
      'the whole path to the notice',
    );
    console.info(`flow index: canonical record and decisions shown ${indexedMs} ms after the 202`);

    expect(flow).toMatchObject({
      eventId,
      traceId: trace,
      traceUrl: `http://zipkin.test/zipkin/traces/${trace}`,
      citizen: pseudonym,
      ingress: { via: 'http', agency: relais.id('dgfip'), contract: INCOME, outcome: 'accepted' },
      canonical: { topic: topics.events.name('tax') },
    });
    expect(flow['ingress'].coordinates).toBeUndefined();
    expect(Number(flow['canonical'].offset)).toBeGreaterThanOrEqual(0);
    // The router's decision for every subscription of the contract, delivered or denied and why.
    const decisions = flow['decisions'] as Json[];
    const subscriptions = relais.catalog.subscriptions.filter((s) => s.contract === INCOME);
    expect(decisions).toHaveLength(subscriptions.length);
    const toRelais = decisions.find((d) => d['agency'] === relais.id('relais'));
    expect(toRelais).toMatchObject({
      outcome: 'delivered',
      legalBasis: 'consent',
      purpose: 'proactive-eligibility',
    });
    expect(Date.parse(toRelais?.['positionAt'])).toBeGreaterThanOrEqual(
      published.getTime() - 1_000,
    );
    for (const d of decisions.filter((x) => x['outcome'] === 'denied'))
      expect(d['reason']).toMatch(/^(no-consent|revoked|expired|unknown-agency)$/);
    // One access record per delivery, and each delivered recipient's record on its topic.
    const delivered = decisions.filter((d) => d['outcome'] === 'delivered').map((d) => d['agency']);
    expect((flow['accessRecords'] as Json[]).map((a) => a['recipient']).sort()).toEqual(
      [...delivered].sort(),
    );
    expect(
      flow['accessRecords'].find((a: Json) => a['recipient'] === relais.id('relais')),
    ).toMatchObject({
      legalBasis: 'consent',
      purpose: 'proactive-eligibility',
      coordinates: { topic: relais.topics.accessLog },
    });
    const recipients = flow['recipients'] as Json[];
    expect(recipients.map((r) => r['agency']).sort()).toEqual([...delivered].sort());
    for (const r of recipients)
      expect(r['coordinates'].topic).toBe(topics.deliveries.name(r['agency']));
    // The determination it caused, on the same trace, and the notice that followed it.
    expect(flow['determinations']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ benefit: 'CSS', outcome: 'LIKELY_ELIGIBLE' }),
      ]),
    );
    const css = flow['determinations'].find((d: Json) => d['benefit'] === 'CSS');
    expect(flow['notices']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ decisionId: css['decisionId'], channel: 'PORTAL' }),
      ]),
    );
    expect(flow['deadLetters']).toEqual([]);
    // Never the citizen's pivot, nor her pseudonyms in other sectors.
    const text = JSON.stringify(flow);
    for (const secret of [camille.pivot, camille.pseudonyms['tax'], camille.pseudonyms['family']])
      expect(text).not.toContain(secret);
  });

  it("shows when the recipient's inbox took it and when the recipient acknowledged it", async () => {
    const { relais } = w;
    const token = await relais.agencyToken('relais');
    const inbox = await relais.call(relais.gateway.url, 'GET', '/v1/inbox?limit=500', token);
    const entry = (inbox.body.events as Json[]).find((e) => e['id'] === eventId);
    expect(entry).toBeDefined();
    const ack = await relais.call(relais.gateway.url, 'POST', '/v1/inbox/ack', token, {
      cursor: entry?.['cursor'],
    });
    expect(ack.status).toBe(200);
    const flow = await flowOnce(
      eventId,
      (f) => f['recipients'].some((r: Json) => r['inbox']?.['ackedAt']),
      'the acknowledgement',
    );
    const mine = flow['recipients'].find((r: Json) => r['agency'] === relais.id('relais'));
    expect(Date.parse(mine['inbox'].ackedAt)).toBeGreaterThanOrEqual(
      Date.parse(mine['inbox'].deliveredAt),
    );
  });

  it('finds it by event id, by trace id, and by agency and time range', async () => {
    const { relais } = w;
    const byId = await w.api('GET', `/api/v1/flows?eventId=${eventId}`);
    expect(byId.body.flows).toEqual([
      expect.objectContaining({
        eventId,
        traceId: trace,
        agency: relais.id('dgfip'),
        contract: INCOME,
        outcome: 'accepted',
      }),
    ]);
    const byTrace = await w.api('GET', `/api/v1/flows?traceId=${trace}`);
    expect(byTrace.body.flows.map((f: Json) => f['eventId'])).toContain(eventId);
    const from = new Date(published.getTime() - 60_000).toISOString();
    const to = new Date(relais.clock.now().getTime() + 60_000).toISOString();
    const range = `agency=${relais.id('dgfip')}&from=${from}&to=${to}`;
    const byAgency = await w.api('GET', `/api/v1/flows?${range}&limit=50`);
    expect(byAgency.body.flows.map((f: Json) => f['eventId'])).toContain(eventId);
    // Another agency's range does not have it.
    const other = await w.api(
      'GET',
      `/api/v1/flows?agency=${relais.id('caf')}&from=${from}&to=${to}`,
    );
    expect(other.body.flows.map((f: Json) => f['eventId'])).not.toContain(eventId);
  });
});

describe('an event published natively over Kafka', () => {
  it('shows its ingress record, then its canonical record', async () => {
    const { relais } = w;
    const c = await relais.citizen(['local']);
    const schemaId = await relais.serde.latestId(ADDRESS);
    const record = nativeRecord(
      relais,
      'mairie-lyon',
      ADDRESS,
      c.pseudonyms['local'] as string,
      await relais.serde.encode(schemaId, relais.facts.move('69003')),
    );
    const ingress = topics.ingress.name(relais.id('mairie-lyon'));
    await w.producer.send(ingress, [record]);
    const flow = await flowOnce(record.id, (f) => f['canonical'] !== null, 'the native event');
    expect(flow['ingress']).toMatchObject({
      via: 'kafka',
      agency: relais.id('mairie-lyon'),
      contract: ADDRESS,
      outcome: 'accepted',
      coordinates: { topic: ingress },
    });
    expect(flow['canonical'].topic).toBe(topics.events.name('residence'));
    expect(JSON.stringify(flow)).not.toContain(c.pivot);
  });
});

describe('operations', () => {
  it("shows each group's lag per partition, the services' counters and the index's own lag", async () => {
    const { relais } = w;
    const first = await w.api('GET', '/api/v1/lag');
    expect(first.status).toBe(200);
    const router = (first.body.groups as Json[]).find((g) =>
      String(g['group']).endsWith('.router.events'),
    );
    expect(router?.['partitions'].length).toBeGreaterThan(0);
    for (const p of router?.['partitions'] ?? [])
      expect(p).toMatchObject({ topic: expect.stringMatching(/^relais\.events\./) });
    // The console's own index, which never commits, with its lag behind the topics it follows.
    const index = (first.body.groups as Json[]).find((g) =>
      String(g['group']).endsWith('.test.index'),
    );
    expect(index).toMatchObject({ members: 1, totalLag: expect.any(Number) });
    const services = Object.fromEntries(
      (first.body.services as Json[]).map((s) => [s['service'], s]),
    );
    expect(services['router'].counters['events']).toBeGreaterThan(0);
    expect(services['nowhere']).toMatchObject({
      counters: {},
      error: expect.stringMatching(/no answer/),
    });
    // Throughput is a difference between two samples: none on the first.
    const second = await w.api('GET', '/api/v1/lag');
    expect(second.body.throughput.some((t: Json) => t['perSecond'] !== null)).toBe(true);
    expect(second.body.throughput.map((t: Json) => t['topic'])).toContain(
      topics.events.name('tax'),
    );
    expect(relais.router.service.stats.events).toBeGreaterThan(0);
  });

  it("shows the access log's chains verified per partition", async () => {
    const audit = await waitFor(
      async () => {
        const res = await w.api('GET', '/api/v1/audit');
        const parts = res.body.partitions as Json[];
        return parts.some((p) => p['records'] > 0) ? parts : undefined;
      },
      { what: 'an audit with records', timeoutMs: 30_000 },
    );
    expect(audit.every((p) => p['ok'] === true && p['problems'].length === 0)).toBe(true);
    expect(audit.map((p) => p['topic'])).toContain(w.relais.topics.accessLog);
    // The same, where the "audit chain broken" alert looks: one gauge per partition, 1 when intact.
    const res = await fetch(`${w.console.url}/metrics/prometheus`, {
      headers: { authorization: `Bearer ${SCRAPE_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const p of audit) {
      expect(text).toContain(`relais_audit_chain_ok{partition="${String(p['partition'])}"} 1`);
    }
  });
});
