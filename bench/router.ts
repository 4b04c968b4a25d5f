// npm run bench:router [-- --events 5000 --citizens 1000 --instances 1,2,3 --sustained 60 --rate 1000]
//
// Router throughput (events/s and deliveries/s) and publish→delivery latency on the local broker.
// Events are AddressChanged for enrolled citizens, produced straight to relais.events.residence
// (as the gateway does) with acks=all; every citizen consented to CAF and CPAM, so each event
// fans out to CAF, CPAM and DGFiP (3 deliveries + 3 access records; Relais' own subscription is
// refused for lack of consent). The router runs in this process; latency is from the produce
// acknowledgement to the delivery's arrival on relais.deliveries.cpam. During the burst, a
// Prometheus scrape of the router (GET /metrics/prometheus) every 100 ms is timed.
// Every topic it writes is its own (`….bench.<stamp>`, deleted at the end), so a bench run after
// it (bench:gateway) does not inherit its events or deliveries. Before the router starts, a bare
// consume → produce-3 loop on the same client (bench/lib/bare-loop.ts) runs over as many events:
// the router's figure is reported as a share of it, measured in the same run.
import { loadavg } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ConsentDocument } from '@relais/contracts';
import { loadCatalog, topics as declared } from '@relais/contracts';
import { ensureDevKeys } from '@relais/gateway/keys';
import { newPivot } from '@relais/identity';
import {
  AvroSerde,
  createEnvelope,
  createKafka,
  createLogger,
  createProducer,
  createServiceMetrics,
  DEFAULT_PARTITIONS,
  envelopeToHeaders,
  ensureTopics,
  systemClock,
  type OutgoingRecord,
} from '@relais/kit';
import { toolKafka } from '../scripts/lib/kafka.ts';
import { startRouter } from '@relais/router';
import { newAddress } from '../scripts/demo/agency-edge.ts';
import { startBenchRegistry } from './lib/registry.ts';
import { bareLoop } from './lib/bare-loop.ts';
import { drainByProcesses } from './lib/router-instances.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '5000' },
    citizens: { type: 'string', default: '1000' },
    /** e.g. `1,2,3`: the backlog drained by that many router processes, one figure each. */
    instances: { type: 'string' },
    /** Seconds of a sustained load at `--rate` events/s, publish → delivery measured (0: none). */
    sustained: { type: 'string', default: '0' },
    rate: { type: 'string', default: '1000' },
  },
});
const nEvents = Number(values.events);
const nCitizens = Number(values.citizens);
const bootstrap = await toolKafka();
const logger = createLogger({ service: 'bench', level: process.env['LOG_LEVEL'] ?? 'warn' });
const stamp = Date.now().toString(36);
const suffix = `.bench.${stamp}`;
const load = [loadavg()];
const catalog = loadCatalog().catalog;
const keysDir = mkdtempSync(path.join(tmpdir(), 'relais-bench-keys-'));
const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-bench-router-'));
await ensureDevKeys(
  keysDir,
  catalog.agencies.map((a) => a.id),
);
const registry = await startBenchRegistry(bootstrap.split(','), logger, stamp, catalog, keysDir);
const kafka = createKafka({ brokers: bootstrap.split(','), clientId: 'bench-router', logger });
const producer = createProducer(kafka);
await producer.connect();
const residence = `${declared.events.name('residence')}${suffix}`;
const topics = {
  consents: `${declared.consents.name}.bench.${stamp}`,
  accessLog: `${declared.accessLog.name}.bench.${stamp}`,
  routingDecisions: `${declared.routingDecisions.name}.bench.${stamp}`,
};
const admin = kafka.admin();
await admin.connect();
await ensureTopics(admin, [declared.events.spec(residence, DEFAULT_PARTITIONS)]);
await admin.disconnect();

// Consents for every citizen: CAF and CPAM may receive their address.
const pivots = Array.from({ length: nCitizens }, () => newPivot());
const doc = (): ConsentDocument => ({
  version: 1,
  updatedAt: new Date().toISOString(),
  consents: ['caf', 'cpam'].map((recipient) => ({
    id: crypto.randomUUID(),
    purpose: 'address-update',
    recipient,
    categories: ['address'],
    grantedAt: new Date().toISOString(),
    expiresAt: null,
    revokedAt: null,
    channel: 'PORTAL',
  })),
});
const a2 = kafka.admin();
await a2.connect();
await ensureTopics(a2, [declared.consents.spec(topics.consents, DEFAULT_PARTITIONS)]);
await a2.disconnect();
for (let i = 0; i < pivots.length; i += 500) {
  await producer.publish(
    topics.consents,
    pivots.slice(i, i + 500).map((p) => ({ key: p, value: JSON.stringify(doc()) })),
  );
}

// The bare loop, over as many events as the burst below, before the router runs.
const bareSerde = new AvroSerde(registry.url);
const bareValue = await bareSerde.encode(
  await bareSerde.latestId('fr.gouv.residence.AddressChanged'),
  {
    ...newAddress(),
    declaredAt: new Date(),
  },
);
const bare = await bareLoop({
  kafka,
  producer,
  stamp,
  events: nEvents,
  partitions: DEFAULT_PARTITIONS,
  record: (i) => ({ key: pivots[i % pivots.length] ?? '', value: bareValue }),
});

// Backlog drain: the same events written first, then a router started on them (its own events
// and deliveries topics, from the beginning): what one router routes per second when batches are
// as large as the fetches allow, as the bare loop above was measured. Timed from its first routed
// event to its last acknowledged delivery.
const drainSuffix = `${suffix}.drain`;
const event = (i: number, v: Buffer): { id: string; record: OutgoingRecord } => {
  const envelope = createEnvelope(
    {
      source: 'urn:relais:agency:mairie-lyon',
      type: 'fr.gouv.residence.AddressChanged',
      purpose: 'address-update',
    },
    { clock: systemClock, ids: () => crypto.randomUUID() },
  );
  const record = {
    key: pivots[i % pivots.length] ?? '',
    value: v,
    headers: envelopeToHeaders(envelope),
  };
  return { id: envelope.id, record };
};
const a3 = kafka.admin();
await a3.connect();
const drainTopic = `${declared.events.name('residence')}${drainSuffix}`;
await ensureTopics(a3, [declared.events.spec(drainTopic, DEFAULT_PARTITIONS)]);
await a3.disconnect();
for (let i = 0; i < nEvents; i += 1000)
  await producer.publish(
    drainTopic,
    Array.from({ length: Math.min(1000, nEvents - i) }, (_, j) => event(i + j, bareValue).record),
  );
const drainer = await startRouter({
  metrics: createServiceMetrics('router', { scrapeToken: crypto.randomUUID() }),
  brokers: bootstrap.split(','),
  logger,
  registryUrl: registry.url,
  keysDir,
  dataDir: path.join(dataDir, 'drain'),
  instance: `bench-${stamp}-drain`,
  host: '127.0.0.1',
  port: 0,
  catalog,
  groupPrefix: `relais-router.bench.${stamp}.drain`,
  consentsTopic: topics.consents,
  accessLogTopic: `${topics.accessLog}.drain`,
  routingDecisionsTopic: topics.routingDecisions,
  checkpointsTopic: `${declared.accessLogCheckpoints.name}${drainSuffix}`,
  topicSuffix: drainSuffix,
  fromBeginning: true,
});
const drainDeadline = Date.now() + 300_000;
while (drainer.stats.events === 0 && Date.now() < drainDeadline)
  await new Promise((r) => setTimeout(r, 2));
const drainStart = { at: performance.now(), events: drainer.stats.events };
while (drainer.stats.deliveries < 3 * nEvents && Date.now() < drainDeadline)
  await new Promise((r) => setTimeout(r, 5));
const drained = (nEvents - drainStart.events) / ((performance.now() - drainStart.at) / 1000);
await drainer.close();

// Scaling out (--instances 1,2,3): the same backlog drained by N router processes in one group.
const scaling = values.instances
  ? await drainByProcesses(
      values.instances.split(',').map(Number),
      {
        brokers: bootstrap.split(','),
        registryUrl: registry.url,
        keysDir,
        dataDir,
        stamp,
        consentsTopic: topics.consents,
      },
      async (drainSuffixN) => {
        const a = kafka.admin();
        await a.connect();
        const t = `${declared.events.name('residence')}${drainSuffixN}`;
        await ensureTopics(a, [declared.events.spec(t, DEFAULT_PARTITIONS)]);
        await a.disconnect();
        for (let i = 0; i < nEvents; i += 1000)
          await producer.publish(
            t,
            Array.from(
              { length: Math.min(1000, nEvents - i) },
              (_, j) => event(i + j, bareValue).record,
            ),
          );
      },
      kafka,
      3 * nEvents,
    )
  : [];

const scrapeToken = crypto.randomUUID();
const router = await startRouter({
  metrics: createServiceMetrics('router', { scrapeToken }),
  brokers: bootstrap.split(','),
  logger,
  registryUrl: registry.url,
  keysDir,
  dataDir,
  instance: `bench-${stamp}`,
  host: '127.0.0.1',
  port: 0,
  catalog,
  groupPrefix: `relais-router.bench.${stamp}`,
  consentsTopic: topics.consents,
  accessLogTopic: topics.accessLog,
  routingDecisionsTopic: topics.routingDecisions,
  checkpointsTopic: `${declared.accessLogCheckpoints.name}${suffix}`,
  topicSuffix: suffix,
  fromBeginning: false,
});
await new Promise((r) => setTimeout(r, 2000));

// Latency probe: a consumer on CPAM's deliveries notes when each event id arrives.
const arrived = new Map<string, number>();
const probe = kafka.consumer({ groupId: `bench-probe-${stamp}`, maxWaitTimeInMs: 10 });
await probe.connect();
await probe.subscribe({
  topic: `${declared.deliveries.name('cpam')}${suffix}`,
  fromBeginning: false,
});
await probe.run({
  eachMessage: async ({ message }) =>
    void arrived.set(message.headers?.['ce_id']?.toString() ?? '', performance.now()),
});
await new Promise((r) => setTimeout(r, 2000));

const serde = new AvroSerde(registry.url);
const schemaId = await serde.latestId('fr.gouv.residence.AddressChanged');
const value = await serde.encode(schemaId, { ...newAddress(), declaredAt: new Date() });
const sentAt = new Map<string, number>();
const before = { ...router.stats, denials: { ...router.stats.denials } };
// Scrapes while the router is busy: how long one takes, and its size.
const scrapes: number[] = [];
let scrapeBytes = 0;
let busy = true;
const scraping = (async () => {
  while (busy) {
    const t = performance.now();
    const res = await fetch(`${router.url}/metrics/prometheus`, {
      headers: { authorization: `Bearer ${scrapeToken}` },
    });
    scrapeBytes = (await res.text()).length;
    scrapes.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 100));
  }
})();
const started = performance.now();
for (let i = 0; i < nEvents; i += 250) {
  const records: OutgoingRecord[] = [];
  const ids: string[] = [];
  for (let j = i; j < Math.min(nEvents, i + 250); j += 1) {
    const envelope = createEnvelope(
      {
        source: 'urn:relais:agency:mairie-lyon',
        type: 'fr.gouv.residence.AddressChanged',
        purpose: 'address-update',
      },
      { clock: systemClock, ids: () => crypto.randomUUID() },
    );
    ids.push(envelope.id);
    records.push({
      key: pivots[j % pivots.length] ?? '',
      value,
      headers: envelopeToHeaders(envelope),
    });
  }
  await producer.publish(residence, records);
  const now = performance.now();
  for (const id of ids) sentAt.set(id, now);
}
const deadline = Date.now() + 300_000;
// Done when every event's three deliveries (CAF, CPAM, DGFiP) are acknowledged.
while (router.stats.deliveries - before.deliveries < 3 * nEvents && Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 20));
}
const secs = (performance.now() - started) / 1000;
busy = false;
await scraping;
scrapes.sort((x, y) => x - y);
await new Promise((r) => setTimeout(r, 1000));
const latencies = [...sentAt]
  .map(([id, t]) => (arrived.get(id) ?? Number.NaN) - t)
  .filter((n) => !Number.isNaN(n))
  .sort((x, y) => x - y);
const q = (p: number): string =>
  (latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0).toFixed(0);
const events = router.stats.events - before.events;
const deliveries = router.stats.deliveries - before.deliveries;

// Latency at a steady pace (100 events/s, 300 events), not under a backlog.
const paced: number[] = [];
for (let i = 0; i < 300; i += 1) {
  const envelope = createEnvelope(
    {
      source: 'urn:relais:agency:mairie-lyon',
      type: 'fr.gouv.residence.AddressChanged',
      purpose: 'address-update',
    },
    { clock: systemClock, ids: () => crypto.randomUUID() },
  );
  await producer.publish(residence, [
    { key: pivots[i % pivots.length] ?? '', value, headers: envelopeToHeaders(envelope) },
  ]);
  const t = performance.now();
  sentAt.set(envelope.id, t);
  paced.push(0);
  (paced as unknown as Array<string | number>)[i] = envelope.id;
  await new Promise((r) => setTimeout(r, 10));
}
await new Promise((r) => setTimeout(r, 2000));
const pacedLat = (paced as unknown as string[])
  .map((id) => (arrived.get(id) ?? Number.NaN) - (sentAt.get(id) ?? 0))
  .filter((n) => !Number.isNaN(n))
  .sort((x, y) => x - y);
const pq = (p: number): string =>
  (pacedLat[Math.min(pacedLat.length - 1, Math.floor(p * pacedLat.length))] ?? 0).toFixed(1);
// Sustained: `--rate` events/s for `--sustained` seconds, in ticks of 10 ms, every event's publish →
// delivery latency measured (the CAF, CPAM and DGFiP deliveries; CPAM's arrival timed).
const sustainedSeconds = Number(values.sustained);
const rate = Number(values.rate);
const sustained: number[] = [];
let sustainedSent = 0;
if (sustainedSeconds > 0) {
  const ids: string[] = [];
  const t0 = performance.now();
  const perTick = rate / 100;
  let owed = 0;
  for (let tick = 0; performance.now() - t0 < sustainedSeconds * 1000; tick += 1) {
    owed += perTick;
    const n = Math.floor(owed);
    owed -= n;
    const records: OutgoingRecord[] = [];
    for (let j = 0; j < n; j += 1) {
      const envelope = createEnvelope(
        {
          source: 'urn:relais:agency:mairie-lyon',
          type: 'fr.gouv.residence.AddressChanged',
          purpose: 'address-update',
        },
        { clock: systemClock, ids: () => crypto.randomUUID() },
      );
      ids.push(envelope.id);
      records.push({
        key: pivots[(sustainedSent + j) % pivots.length] ?? '',
        value,
        headers: envelopeToHeaders(envelope),
      });
    }
    sustainedSent += n;
    if (records.length) {
      // Not awaited: the next tick goes on time; the latency counts from the acknowledgement.
      void producer.publish(residence, records).then(() => {
        const at = performance.now();
        for (const r of records) sentAt.set(r.headers?.['ce_id']?.toString() ?? '', at);
      });
    }
    const next = t0 + (tick + 1) * 10;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  await new Promise((r) => setTimeout(r, 3000));
  for (const id of ids) {
    const lat = (arrived.get(id) ?? Number.NaN) - (sentAt.get(id) ?? Number.NaN);
    if (!Number.isNaN(lat)) sustained.push(lat);
  }
  sustained.sort((x, y) => x - y);
}
const sq = (p: number): string =>
  (sustained[Math.min(sustained.length - 1, Math.floor(p * sustained.length))] ?? 0).toFixed(1);
const mem = process.memoryUsage();
load.push(loadavg());
const la = (l: number[] | undefined): string => (l ?? []).map((x) => x.toFixed(2)).join(', ');
console.log(
  `\nrouter on ${bootstrap}; ${nEvents.toLocaleString('en-US')} AddressChanged for ${nCitizens.toLocaleString('en-US')} citizens with consents; node ${process.version}; ${new Date().toISOString()}; load average before ${la(load[0])}, after ${la(load[1])}\n`,
);
console.log('| measure | value |');
console.log('| --- | ---: |');
console.log(
  `| events routed | ${events.toLocaleString('en-US')} in ${secs.toFixed(1)} s = ${Math.round(events / secs).toLocaleString('en-US')} events/s |`,
);
console.log(
  `| bare consume → produce-3 loop over a backlog, same client, same events (kit kafkajs) | ${Math.round(bare).toLocaleString('en-US')} events/s |`,
);
console.log(
  `| router draining a backlog of the same events (from its first routed event) | ${Math.round(drained).toLocaleString('en-US')} events/s = ${((drained / bare) * 100).toFixed(0)} % of the bare loop |`,
);
console.log(
  `| router during the burst (events produced meanwhile) / bare loop | ${((events / secs / bare) * 100).toFixed(0)} % |`,
);
console.log(
  `| deliveries (each with a chained access record) | ${deliveries.toLocaleString('en-US')} = ${Math.round(deliveries / secs).toLocaleString('en-US')} deliveries/s |`,
);
console.log(
  `| denials counted (no consent for Relais' own purpose) | ${(router.stats.denials['no-consent'] - before.denials['no-consent']).toLocaleString('en-US')} |`,
);
console.log(
  `| publish → delivery latency under the ${nEvents.toLocaleString('en-US')}-event burst (CPAM), p50 / p99 | ${q(0.5)} / ${q(0.99)} ms |`,
);
console.log(
  `| publish → delivery latency at ~100 events/s (CPAM), ${pacedLat.length} samples, p50 / p99 | ${pq(0.5)} / ${pq(0.99)} ms |`,
);
console.log(
  `| GET /metrics/prometheus during the burst, ${scrapes.length} scrapes, p50 / max | ${(scrapes[Math.floor(scrapes.length / 2)] ?? 0).toFixed(1)} / ${(scrapes.at(-1) ?? 0).toFixed(1)} ms (${(scrapeBytes / 1024).toFixed(0)} KiB) |`,
);
if (sustainedSeconds > 0)
  console.log(
    `| publish → delivery at a sustained ${rate.toLocaleString('en-US')} events/s for ${sustainedSeconds} s (CPAM), ${sustained.length.toLocaleString('en-US')} of ${sustainedSent.toLocaleString('en-US')} arrived, p50 / p99 / max | ${sq(0.5)} / ${sq(0.99)} / ${(sustained.at(-1) ?? 0).toFixed(1)} ms |`,
  );
for (const r of scaling)
  console.log(
    `| backlog drained by ${r.instances} router process${r.instances > 1 ? 'es' : ''} (one group, ${DEFAULT_PARTITIONS} partitions) | ${Math.round(r.eventsPerSecond).toLocaleString('en-US')} events/s = ${((r.eventsPerSecond / (scaling[0]?.eventsPerSecond ?? 1)) * 100).toFixed(0)} % of ${scaling[0]?.instances ?? 1}, ${((r.eventsPerSecond / bare) * 100).toFixed(0)} % of the bare loop |`,
  );
console.log(
  `| bench process (router + registry) heap / RSS | ${Math.round(mem.heapUsed / 1048576)} / ${Math.round(mem.rss / 1048576)} MiB |`,
);
await probe.disconnect();
await router.close();
await registry.close();
await producer.disconnect();
// This run's topics go: the next bench starts on a clean broker.
const cleaner = kafka.admin();
await cleaner.connect();
const mine = (await cleaner.listTopics()).filter((t) => t.endsWith(suffix) || t.endsWith(stamp));
await cleaner.deleteTopics({ topics: mine }).catch(() => undefined);
await cleaner.disconnect();
rmSync(keysDir, { recursive: true, force: true });
rmSync(dataDir, { recursive: true, force: true });
