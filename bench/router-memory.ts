// npm run bench:router-memory [-- --citizens 1000000]
//
// The router's state that grows with citizens is their consent state (relais.consents, one
// whole document per citizen). Writes N documents, then a fresh process restores the router's
// consent store (one SQLite file per partition) from the topic and reports heap and RSS after a
// forced GC, against a fresh process restoring an empty topic.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { topics } from '@relais/contracts';
import { newPivot } from '@relais/identity';
import {
  createKafka,
  createLogger,
  createProducer,
  DEFAULT_PARTITIONS,
  ensureTopics,
  type OutgoingRecord,
} from '@relais/kit';
import { toolKafka } from '../scripts/lib/kafka.ts';
import { ConsentVersions } from '@relais/router/consents';

const { values } = parseArgs({
  options: { citizens: { type: 'string', default: '1000000' }, 'restore-only': { type: 'string' } },
});
const bootstrap = await toolKafka();
const logger = createLogger({ service: 'bench', level: 'warn' });
const kafka = createKafka({
  brokers: bootstrap.split(','),
  clientId: 'bench-router-memory',
  logger,
});

if (values['restore-only']) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-bench-consents-'));
  const store = new ConsentVersions({
    kafka,
    logger,
    dataDir,
    instance: `bench-${Date.now()}`,
    topic: values['restore-only'],
  });
  const started = performance.now();
  await store.start();
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(values['restore-only']);
  await admin.disconnect();
  for (const o of offsets) await store.ensureCaughtUp(o.partition, Date.now(), 600_000);
  const ms = performance.now() - started;
  global.gc?.();
  const m = process.memoryUsage();
  console.log(JSON.stringify({ ms, heap: m.heapUsed, rss: m.rss }));
  await store.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

const n = Number(values.citizens);
const stamp = Date.now().toString(36);
const topic = `${topics.consents.name}.bench.${stamp}`;
const empty = `${topic}.empty`;
const admin = kafka.admin();
await admin.connect();
await ensureTopics(
  admin,
  [topic, empty].map((t) => topics.consents.spec(t, DEFAULT_PARTITIONS)),
);
await admin.disconnect();
const producer = createProducer(kafka);
await producer.connect();
const doc = JSON.stringify({
  version: 1,
  updatedAt: new Date().toISOString(),
  consents: [
    {
      id: crypto.randomUUID(),
      purpose: 'address-update',
      recipient: 'caf',
      categories: ['address'],
      grantedAt: new Date().toISOString(),
      expiresAt: null,
      revokedAt: null,
      channel: 'PORTAL',
    },
  ],
});
const t0 = performance.now();
for (let sent = 0; sent < n; sent += 5000) {
  const records: OutgoingRecord[] = [];
  for (let i = 0; i < Math.min(5000, n - sent); i += 1)
    records.push({ key: newPivot(), value: doc });
  await producer.publish(topic, records);
}
const writeS = (performance.now() - t0) / 1000;
await producer.disconnect();

const restore = (t: string) => {
  const res = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--disable-warning=TimeoutNegativeWarning',
      fileURLToPath(import.meta.url),
      '--restore-only',
      t,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, KAFKA_BROKERS: bootstrap },
      maxBuffer: 10 * 1024 * 1024,
    },
  );
  return JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '{}') as {
    ms: number;
    heap: number;
    rss: number;
  };
};
const before = restore(empty);
const after = restore(topic);
const mib = (b: number): string => (b / 1048576).toFixed(0);
console.log(
  `\nrouter consent store, ${n.toLocaleString('en-US')} citizens with a consent document, node ${process.version}\n`,
);
console.log('| measure | value |');
console.log('| --- | ---: |');
console.log(
  `| documents written (acks=all) | ${Math.round(n / writeS).toLocaleString('en-US')} /s |`,
);
console.log(
  `| restore into SQLite (fresh process) | ${(after.ms / 1000).toFixed(1)} s (${Math.round(n / (after.ms / 1000)).toLocaleString('en-US')} docs/s) |`,
);
console.log(
  `| heap used: empty → ${n.toLocaleString('en-US')} citizens | ${mib(before.heap)} → ${mib(after.heap)} MiB |`,
);
console.log(
  `| RSS: empty → ${n.toLocaleString('en-US')} citizens | ${mib(before.rss)} → ${mib(after.rss)} MiB |`,
);
