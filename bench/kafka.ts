// npm run bench:kafka [-- --records 200000 --size 512 --batch 1000]
//
// The ceiling every later Relais figure is compared to: Kafka's own ProducerPerformance and
// ConsumerPerformance (kafka-tools) on the local broker, then the same workload (record count,
// record size, acks=all, idempotence, batching) through the kit's kafkajs producer and consumer
// runner. Prints a Markdown table; docs/benchmarks.md records the figures of a run.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  adminClientProperties,
  defaultOptions,
  KAFKA_VERSION,
  readCredentials,
  runJavaTool,
  status,
} from '@relais/local-kafka';
import { toolKafka } from '../scripts/lib/kafka.ts';
import {
  createConsumerRunner,
  createKafka,
  createLogger,
  createProducer,
  ensureTopics,
  type OutgoingRecord,
} from '@relais/kit';
import path from 'node:path';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '200000' },
    size: { type: 'string', default: '512' },
    batch: { type: 'string', default: '1000' },
  },
});
const records = Number(values.records);
const size = Number(values.size);
const batch = Number(values.batch);

const opts = defaultOptions();
const external = process.env['KAFKA_BROKERS'];
const bootstrap = await toolKafka();
// Kafka's own tools authenticate as the local cluster's admin, as the kit's clients do (dec-031).
const credentials = external ? undefined : readCredentials(opts.home);
const toolConfig = credentials
  ? adminClientProperties(path.join(opts.home, 'bench-logs'), credentials.admin)
  : undefined;
const logger = createLogger({ service: 'bench', level: 'warn' });
const kafka = createKafka({ brokers: bootstrap.split(','), clientId: 'relais-bench', logger });
const admin = kafka.admin();
await admin.connect();
const stamp = Date.now().toString(36);
const topics = { tools: `bench.tools.${stamp}`, kit: `bench.kit.${stamp}` };
await ensureTopics(admin, [
  { topic: topics.tools, partitions: 1 },
  { topic: topics.kit, partitions: 1 },
]);

interface Row {
  what: string;
  recordsPerSec: number;
  mibPerSec: number;
  note: string;
}
const rows: Row[] = [];
const mib = (n: number): number => (n * size) / 1024 / 1024;
const logs = path.join(opts.home, 'bench-logs');

// 1. Kafka's ProducerPerformance: acks=all, idempotent, batches up to `batch` records.
{
  const res = await runJavaTool(opts.jars, logs, 'org.apache.kafka.tools.ProducerPerformance', [
    '--topic',
    topics.tools,
    '--num-records',
    String(records),
    '--record-size',
    String(size),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${bootstrap}`,
    'acks=all',
    'enable.idempotence=true',
    'linger.ms=5',
    `batch.size=${batch * size}`,
    'compression.type=none',
    ...(toolConfig ? ['--producer.config', toolConfig] : []),
  ]);
  const line = res.stdout.trim().split('\n').at(-1) ?? '';
  const m =
    /([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency/.exec(
      line,
    );
  if (res.code !== 0 || !m)
    throw new Error(`ProducerPerformance failed: ${res.stderr || res.stdout}`);
  rows.push({
    what: 'produce — Kafka ProducerPerformance (Java client)',
    recordsPerSec: Number(m[1]),
    mibPerSec: Number(m[2]),
    note: `avg latency ${m[3]} ms, max ${m[4]} ms`,
  });
}

// 2. Kafka's ConsumerPerformance on what it just produced.
{
  const res = await runJavaTool(opts.jars, logs, 'org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server',
    bootstrap,
    '--topic',
    topics.tools,
    '--messages',
    String(records),
    '--group',
    `bench-tools-${stamp}`,
    '--timeout',
    '60000',
    ...(toolConfig ? ['--consumer.config', toolConfig] : []),
  ]);
  const line = res.stdout.trim().split('\n').at(-1) ?? '';
  const cols = line.split(',').map((c) => c.trim());
  // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
  // rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  if (res.code !== 0 || cols.length < 10)
    throw new Error(`ConsumerPerformance failed: ${res.stderr || res.stdout}`);
  rows.push({
    what: 'consume — Kafka ConsumerPerformance (Java client)',
    recordsPerSec: Number(cols[9]),
    mibPerSec: Number(cols[8]),
    note: `fetch phase; incl. group join: ${Math.round(Number(cols[5]))} rec/s (join ${cols[6]} ms)`,
  });
}

// 3. The kit's producer: acks=all, idempotent, `batch` records per send.
const payload = randomBytes(size);
{
  const producer = createProducer(kafka);
  await producer.connect();
  const started = performance.now();
  for (let sent = 0; sent < records; sent += batch) {
    const n = Math.min(batch, records - sent);
    const msgs: OutgoingRecord[] = Array.from({ length: n }, () => ({ key: null, value: payload }));
    await producer.send(topics.kit, msgs);
  }
  const secs = (performance.now() - started) / 1000;
  await producer.disconnect();
  rows.push({
    what: 'produce — Relais kit producer (kafkajs)',
    recordsPerSec: records / secs,
    mibPerSec: mib(records) / secs,
    note: `${batch} records per send, one send in flight (idempotent)`,
  });
}

// 4. The kit's consumer runner (eachBatch, commit after success) with a no-op handler.
{
  const producer = createProducer(kafka);
  await producer.connect();
  let handled = 0;
  let first = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const runner = createConsumerRunner<Buffer | null>({
    kafka,
    groupId: `bench-kit-${stamp}`,
    topics: [topics.kit],
    deadLetterTopic: `bench.dlq.${stamp}`,
    producer,
    logger,
    commitEvery: 1000,
    decode: (r) => r.value,
    handle: async () => {
      if (handled === 0) first = performance.now();
      handled += 1;
      if (handled === records) done();
    },
  });
  const started = performance.now();
  await runner.start();
  await finished;
  const end = performance.now();
  await runner.stop();
  await producer.disconnect();
  const secs = (end - first) / 1000;
  rows.push({
    what: 'consume — Relais kit consumer runner (kafkajs)',
    recordsPerSec: records / secs,
    mibPerSec: mib(records) / secs,
    note: `from first record; incl. group join: ${Math.round(records / ((end - started) / 1000))} rec/s`,
  });
}

await admin
  .deleteTopics({ topics: [topics.tools, topics.kit, `bench.dlq.${stamp}`] })
  .catch(() => undefined);
await admin.disconnect();

const rss = external ? undefined : status(opts.home).nodes.map((n) => n.rssMiB);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log(
  `\nKafka ${KAFKA_VERSION}, ${bootstrap}, ${records.toLocaleString('en-US')} records × ${size} B, acks=all, idempotent, 1 partition`,
);
console.log(
  `node ${process.version}, ${new Date().toISOString()}${rss ? `, broker RSS ${rss.join('/')} MiB` : ''}\n`,
);
console.log('| path | records/s | MiB/s | note |');
console.log('| --- | ---: | ---: | --- |');
for (const r of rows)
  console.log(`| ${r.what} | ${fmt(r.recordsPerSec)} | ${r.mibPerSec.toFixed(1)} | ${r.note} |`);
const ratio = (kit: number, tools: number): string => `${((kit / tools) * 100).toFixed(0)} %`;
const [pp, cp, kp, kc] = rows;
if (pp && cp && kp && kc) {
  console.log(
    `\nkafkajs / Kafka tools: produce ${ratio(kp.recordsPerSec, pp.recordsPerSec)}, consume ${ratio(kc.recordsPerSec, cp.recordsPerSec)}`,
  );
}
