// npm run bench:gateway [-- --seconds 10 --connections 32 --samples 200 --batch 100 --rate 2000]
//
// 1. Publish throughput and latency: POST /v1/events/fr.gouv.residence.AddressChanged, each 202
//    sent only after Kafka acknowledged (acks=all), driven by autocannon: as fast as it goes, one
//    event per request, then batches (POST /v1/events, `--batch` events each), then latency at a
//    steady `--rate` events/s, one per request.
// 2. Inbox delivery latency: a delivery produced to relais.deliveries.<agency> until a waiting
//    long-poll (GET /v1/inbox?wait=) answers with it.
// The gateway runs as its own process (as deployed); the registry and the load run here.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadCatalog, topics } from '@relais/contracts';
import { ensureDevKeys } from '@relais/gateway/keys';
import { newPivot, PseudonymDirectory, pseudonymKeyIn } from '@relais/identity';
import {
  AvroSerde,
  createEnvelope,
  createKafka,
  createLogger,
  createProducer,
  envelopeToHeaders,
  systemClock,
} from '@relais/kit';
import { toolKafka } from '../scripts/lib/kafka.ts';
import { newAddress, tokenFor } from '../scripts/demo/agency-edge.ts';
import { startBenchRegistry } from './lib/registry.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    samples: { type: 'string', default: '200' },
    /** Events per request of the batch run (POST /v1/events). */
    batch: { type: 'string', default: '100' },
    /** The paced run's rate, events/s, one per request. */
    rate: { type: 'string', default: '2000' },
  },
});
const root = path.resolve(import.meta.dirname, '..');
const bootstrap = await toolKafka();
const logger = createLogger({ service: 'bench', level: 'warn' });
const stamp = Date.now().toString(36);
const keysDir = mkdtempSync(path.join(tmpdir(), 'relais-bench-keys-'));
const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-bench-gateway-'));
await ensureDevKeys(
  keysDir,
  loadCatalog().catalog.agencies.map((a) => a.id),
);
const registry = await startBenchRegistry(
  bootstrap.split(','),
  logger,
  stamp,
  loadCatalog().catalog,
  keysDir,
);
const port = 18080;
const base = `http://127.0.0.1:${port}`;
const pseudonymTopic = `${topics.pseudonyms.name}.bench.${stamp}`;
const gateway = spawn(
  process.execPath,
  ['--disable-warning=TimeoutNegativeWarning', path.join(root, 'services/gateway/dist/index.js')],
  {
    env: {
      ...process.env,
      KAFKA_BROKERS: bootstrap,
      SCHEMA_REGISTRY_URL: registry.url,
      HTTP_PORT: String(port),
      GATEWAY_KEYS_DIR: keysDir,
      GATEWAY_DATA_DIR: dataDir,
      GATEWAY_INSTANCE: `bench-${stamp}`,
      GATEWAY_RATE_PER_SECOND: '100000',
      GATEWAY_RATE_BURST: '100000',
      GATEWAY_PSEUDONYM_TOPIC: pseudonymTopic,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
const kafka = createKafka({ brokers: bootstrap.split(','), clientId: 'bench', logger });
const producer = createProducer(kafka);
await producer.connect();
try {
  for (const deadline = Date.now() + 60_000; ;) {
    if (
      await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error('gateway did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
  // Enrol one citizen in the mairie's sector through the same compacted topic the gateway reads.
  const directory = new PseudonymDirectory({
    kafka,
    producer,
    logger,
    key: pseudonymKeyIn(keysDir),
    dataDir: path.join(dataDir, 'bench-directory'),
    instance: `bench-${stamp}`,
    topic: pseudonymTopic,
  });
  await directory.start();
  const pseudonyms = await directory.enrol(newPivot(), ['local']);
  await new Promise((r) => setTimeout(r, 1000));
  const mairie = await tokenFor(base, keysDir, 'mairie-lyon');
  const body = JSON.stringify({
    subject: pseudonyms['local'],
    data: { ...newAddress(), declaredAt: '2026-11-02T09:30:00Z' },
  });
  const publish = await new Promise<autocannon.Result>((resolve, reject) =>
    autocannon(
      {
        url: `${base}/v1/events/fr.gouv.residence.AddressChanged`,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${mairie}` },
        body,
        connections: Number(values.connections),
        duration: Number(values.seconds),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    ),
  );

  const batchSize = Number(values.batch);
  const batchBody = JSON.stringify({
    events: Array.from({ length: batchSize }, () => ({
      contract: 'fr.gouv.residence.AddressChanged',
      ...(JSON.parse(body) as Record<string, unknown>),
    })),
  });
  const batched = await new Promise<autocannon.Result>((resolve, reject) =>
    autocannon(
      {
        url: `${base}/v1/events`,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${mairie}` },
        body: batchBody,
        connections: Math.max(1, Math.round(Number(values.connections) / 4)),
        duration: Number(values.seconds),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    ),
  );
  const rate = Number(values.rate);
  const paced = await new Promise<autocannon.Result>((resolve, reject) =>
    autocannon(
      {
        url: `${base}/v1/events/fr.gouv.residence.AddressChanged`,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${mairie}` },
        body,
        connections: Number(values.connections),
        overallRate: rate,
        duration: Number(values.seconds),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    ),
  );

  // Inbox latency: one delivery at a time, a long-poll waiting for each.
  const caf = await tokenFor(base, keysDir, 'caf');
  const serde = new AvroSerde(registry.url);
  const schemaId = await serde.latestId('fr.gouv.residence.AddressChanged');
  const value = await serde.encode(schemaId, { ...JSON.parse(body).data, declaredAt: new Date() });
  let cursor = '0';
  const drain = await fetch(`${base}/v1/inbox?limit=500`, {
    headers: { authorization: `Bearer ${caf}` },
  }).then((r) => r.json() as Promise<{ next: string }>);
  cursor = drain.next;
  const latencies: number[] = [];
  for (let i = 0; i < Number(values.samples); i += 1) {
    const waiting = fetch(`${base}/v1/inbox?after=${cursor}&wait=10`, {
      headers: { authorization: `Bearer ${caf}` },
    }).then((r) => r.json() as Promise<{ next: string; events: unknown[] }>);
    await new Promise((r) => setTimeout(r, 5));
    const t0 = performance.now();
    await producer.send(topics.deliveries.name('caf'), [
      {
        key: 'bench-pseudonym',
        value,
        headers: envelopeToHeaders(
          createEnvelope(
            { source: 'urn:relais:agency:relais', type: 'fr.gouv.residence.AddressChanged' },
            { clock: systemClock, ids: () => crypto.randomUUID() },
          ),
        ),
      },
    ]);
    const page = await waiting;
    latencies.push(performance.now() - t0);
    cursor = page.next;
  }
  latencies.sort((a, b) => a - b);
  const q = (p: number): string =>
    (latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0).toFixed(1);

  console.log(
    `\ngateway (own process) on ${bootstrap}; node ${process.version}; ${new Date().toISOString()}\n`,
  );
  console.log('| measure | value |');
  console.log('| --- | ---: |');
  console.log(
    `| publish, ${values.connections} connections × ${values.seconds} s: events/s (202 after acks=all) | ${Math.round(publish.requests.average).toLocaleString('en-US')} |`,
  );
  console.log(
    `| publish latency p50 / p99 / max | ${publish.latency.p50} / ${publish.latency.p99} / ${publish.latency.max} ms |`,
  );
  console.log(`| publish non-2xx / errors | ${publish.non2xx} / ${publish.errors} |`);
  console.log(
    `| batch publish, ${batchSize} events per request, ${Math.max(1, Math.round(Number(values.connections) / 4))} connections × ${values.seconds} s: events/s | ${Math.round(batched.requests.average * batchSize).toLocaleString('en-US')} (${Math.round(batched.requests.average).toLocaleString('en-US')} requests/s) |`,
  );
  console.log(
    `| batch request latency p50 / p99 / max; non-2xx / errors | ${batched.latency.p50} / ${batched.latency.p99} / ${batched.latency.max} ms; ${batched.non2xx} / ${batched.errors} |`,
  );
  console.log(
    `| publish at a steady ${rate.toLocaleString('en-US')} events/s (one per request): achieved, latency p50 / p99 / max | ${Math.round(paced.requests.average).toLocaleString('en-US')} events/s, ${paced.latency.p50} / ${paced.latency.p99} / ${paced.latency.max} ms; non-2xx ${paced.non2xx} |`,
  );
  console.log(
    `| inbox delivery latency (produce → long-poll answer), ${latencies.length} samples, p50 / p99 | ${q(0.5)} / ${q(0.99)} ms |`,
  );
  await directory.stop();
} finally {
  gateway.kill('SIGTERM');
  await producer.disconnect();
  await registry.close();
  await new Promise((r) => setTimeout(r, 500));
  rmSync(keysDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
}
