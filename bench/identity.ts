// npm run bench:identity [-- --citizens 200000]
//
// The pseudonym directory's memory must not grow with the number of citizens: enrol N citizens
// (one pseudonym record each on the compacted topic), restore a fresh directory from the topic
// into its per-partition SQLite files, and compare the process's heap and RSS with an empty one.
// Then measure resolve() lookups per second.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { topics } from '@relais/contracts';
import { derivePseudonym, newPivot, PseudonymDirectory } from '@relais/identity';
import {
  createKafka,
  createLogger,
  createProducer,
  DEFAULT_PARTITIONS,
  ensureTopics,
  type OutgoingRecord,
} from '@relais/kit';
import { toolKafka } from '../scripts/lib/kafka.ts';

const { values } = parseArgs({
  options: { citizens: { type: 'string', default: '200000' }, 'restore-only': { type: 'string' } },
});
const n = Number(values.citizens);
const bootstrap = await toolKafka();
const logger = createLogger({ service: 'bench', level: 'warn' });
const kafka = createKafka({ brokers: bootstrap.split(','), clientId: 'bench-identity', logger });
const producer = createProducer(kafka);
await producer.connect();
const key = Buffer.alloc(32, 9);
const topic = `${topics.pseudonyms.name}.bench.${Date.now().toString(36)}`;
const admin = kafka.admin();
await admin.connect();
await ensureTopics(admin, [topics.pseudonyms.spec(topic, DEFAULT_PARTITIONS)]);
await admin.disconnect();

const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);
const measure = (): { heap: number; rss: number } => {
  // Called after a restore, in a process that did nothing else: what the directory costs.
  global.gc?.();
  return { heap: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss };
};

async function restore(label: string) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-bench-dir-'));
  const directory = new PseudonymDirectory({
    kafka,
    producer,
    logger,
    key,
    dataDir,
    topic,
    instance: `bench-${label}-${Date.now()}`,
  });
  const t0 = performance.now();
  await directory.start();
  const ms = performance.now() - t0;
  return { directory, dataDir, ms };
}

if (values['restore-only']) {
  // Child mode: a fresh process restores a directory from `topic` and reports its memory.
  const t = values['restore-only'];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-bench-dir-'));
  const directory = new PseudonymDirectory({
    kafka,
    producer,
    logger,
    key,
    dataDir,
    topic: t,
    instance: `bench-${Date.now()}`,
  });
  const started = performance.now();
  await directory.start();
  const ms = performance.now() - started;
  const m = measure();
  console.log(JSON.stringify({ ms, rows: directory.size(), heap: m.heap, rss: m.rss }));
  await directory.stop();
  rmSync(dataDir, { recursive: true, force: true });
  await producer.disconnect();
  process.exit(0);
}

function restoreInChild(t: string): { ms: number; rows: number; heap: number; rss: number } {
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
    },
  );
  const line = res.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as { ms: number; rows: number; heap: number; rss: number };
}

const emptyTopic = `${topic}.empty`;
{
  const a = kafka.admin();
  await a.connect();
  await ensureTopics(a, [topics.pseudonyms.spec(emptyTopic, DEFAULT_PARTITIONS)]);
  await a.disconnect();
}
const before = restoreInChild(emptyTopic);

const sample: Array<[string, string]> = [];
const t0 = performance.now();
for (let sent = 0; sent < n; sent += 2000) {
  const records: OutgoingRecord[] = [];
  for (let i = 0; i < Math.min(2000, n - sent); i += 1) {
    const pivot = newPivot();
    const pseudonym = derivePseudonym(key, 'family', pivot);
    if (sample.length < 10_000) sample.push([pseudonym, pivot]);
    records.push({ key: `family:${pseudonym}`, value: pivot });
  }
  await producer.publish(topic, records);
}
const enrolMs = performance.now() - t0;

const after = restoreInChild(topic);
const full = await restore('full');
const rows = after.rows;
let hits = 0;
const l0 = performance.now();
const rounds = 100_000;
for (let i = 0; i < rounds; i += 1) {
  const [pseudonym, pivot] = sample[i % sample.length] as [string, string];
  if (full.directory.resolve('family', pseudonym) === pivot) hits += 1;
}
const lookupMs = performance.now() - l0;
await full.directory.stop();
rmSync(full.dataDir, { recursive: true, force: true });
await producer.disconnect();

console.log(
  `\npseudonym directory, ${n.toLocaleString('en-US')} citizens, ${DEFAULT_PARTITIONS} partitions, node ${process.version}\n`,
);
console.log('| measure | value |');
console.log('| --- | ---: |');
console.log(
  `| enrolment records produced (acks=all) | ${Math.round(n / (enrolMs / 1000)).toLocaleString('en-US')} /s |`,
);
console.log(
  `| restore from the compacted topic into SQLite | ${Math.round(full.ms)} ms (${Math.round(rows / (full.ms / 1000)).toLocaleString('en-US')} rows/s), ${rows.toLocaleString('en-US')} rows |`,
);
console.log(
  `| heap used: empty directory → ${n.toLocaleString('en-US')} citizens | ${mib(before.heap)} → ${mib(after.heap)} MiB |`,
);
console.log(
  `| RSS: empty directory → ${n.toLocaleString('en-US')} citizens | ${mib(before.rss)} → ${mib(after.rss)} MiB |`,
);
console.log(
  `| resolve() lookups | ${Math.round(rounds / (lookupMs / 1000)).toLocaleString('en-US')} /s (${hits} hits of ${rounds}) |`,
);
