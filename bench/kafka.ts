// npm run bench:kafka [-- --records 1000000 --size 512 --batch 1000]
//
// The ceiling every later Relais figure is compared to: Kafka's own ProducerPerformance and
// ConsumerPerformance (kafka-tools) on the local broker, then the same workload (record count,
// record size, acks=all, idempotence, batching) through each candidate client — kafkajs,
// @platformatic/kafka, @confluentinc/kafka-javascript (bench/lib/clients.ts) — and the kit's
// producer and consumer runner. Prints a Markdown table with each path's ratio to Kafka's tools,
// and the load average; docs/benchmarks.md records the figures of a run (dec-032).
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
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
  processKafkaAuth,
  type OutgoingRecord,
} from '@relais/kit';
import path from 'node:path';
import {
  confluentConsume,
  confluentProduce,
  kafkajsConsume,
  kafkajsProduce,
  loadConfluent,
  platformaticConsume,
  platformaticProduce,
  type Measure,
} from './lib/clients.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    size: { type: 'string', default: '512' },
    batch: { type: 'string', default: '1000' },
    // Which paths to run (all by default): java,kafkajs,platformatic,confluent,kit.
    only: { type: 'string', default: 'java,kafkajs,platformatic,confluent,kit' },
  },
});
const records = Number(values.records);
const size = Number(values.size);
const batch = Number(values.batch);
const only = new Set(values.only.split(','));
const runs = (path: string): boolean => only.has(path);

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
const load = [loadavg()];
const confluent = loadConfluent();
const candidates: Array<{ name: string; produce: Measure; consume: Measure }> = [
  { name: 'kafkajs', produce: kafkajsProduce, consume: kafkajsConsume },
  { name: 'platformatic', produce: platformaticProduce, consume: platformaticConsume },
  ...(typeof confluent === 'string'
    ? []
    : [
        {
          name: 'confluent',
          produce: confluentProduce(confluent),
          consume: confluentConsume(confluent),
        },
      ]),
].filter((c) => runs(c.name));
const topics = { tools: `bench.tools.${stamp}`, kit: `bench.kit.${stamp}` };
const clientTopic = (name: string): string => `bench.${name}.${stamp}`;
await ensureTopics(admin, [
  { topic: topics.tools, partitions: 1 },
  { topic: topics.kit, partitions: 1 },
  ...candidates.map((c) => ({ topic: clientTopic(c.name), partitions: 1 })),
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
if (runs('java')) {
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
if (runs('java')) {
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

// 3. Each candidate client, raw: produce to its own topic, then read it back.
const payload = randomBytes(size);
const sasl = external
  ? processKafkaAuth().sasl
  : credentials && {
      mechanism: credentials.mechanism,
      username: credentials.admin.username,
      password: credentials.admin.password,
    };
for (const c of candidates) {
  const w = {
    brokers: bootstrap.split(','),
    sasl,
    topic: clientTopic(c.name),
    group: `bench-${c.name}-${stamp}`,
    records,
    payload,
    batch,
  };
  const produced = await c.produce(w);
  rows.push({
    what: `produce — ${c.name} (raw)`,
    recordsPerSec: produced,
    mibPerSec: mib(produced),
    note: `${batch} records per send, one send in flight (idempotent)`,
  });
  const consumed = await c.consume(w);
  rows.push({
    what: `consume — ${c.name} (raw)`,
    recordsPerSec: consumed,
    mibPerSec: mib(consumed),
    note: 'from the first record; one commit per fetched batch (platformatic: per 1,000)',
  });
}

// 4. The kit's producer: acks=all, idempotent, `batch` records per send.
if (runs('kit')) {
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

// 5. The kit's consumer runner (eachBatch, commit after success) with a no-op handler: per record
// (`handle`: a span per record, commit every 1,000) and per fetched batch (`handleBatch`: a span
// per batch, as the router uses it).
for (const mode of runs('kit') ? (['record', 'batch'] as const) : []) {
  const producer = createProducer(kafka);
  await producer.connect();
  let handled = 0;
  let first = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const count = (n: number): void => {
    if (handled === 0) first = performance.now();
    handled += n;
    if (handled === records) done();
  };
  const runner = createConsumerRunner<Buffer | null>({
    kafka,
    groupId: `bench-kit-${mode}-${stamp}`,
    topics: [topics.kit],
    deadLetterTopic: `bench.dlq.${stamp}`,
    producer,
    logger,
    commitEvery: 1000,
    decode: (r) => r.value,
    handle: async () => count(1),
    ...(mode === 'batch' ? { handleBatch: async (items: unknown[]) => count(items.length) } : {}),
  });
  const started = performance.now();
  await runner.start();
  await finished;
  const end = performance.now();
  await runner.stop();
  await producer.disconnect();
  const secs = (end - first) / 1000;
  rows.push({
    what: `consume — Relais kit consumer runner, per ${mode} (kafkajs)`,
    recordsPerSec: records / secs,
    mibPerSec: mib(records) / secs,
    note: `from first record; incl. group join: ${Math.round(records / ((end - started) / 1000))} rec/s`,
  });
}

await admin
  .deleteTopics({
    topics: [
      topics.tools,
      topics.kit,
      `bench.dlq.${stamp}`,
      ...candidates.map((c) => clientTopic(c.name)),
    ],
  })
  .catch(() => undefined);
load.push(loadavg());
await admin.disconnect();

const rss = external ? undefined : status(opts.home).nodes.map((n) => n.rssMiB);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const la = (l: number[]): string => l.map((x) => x.toFixed(2)).join(', ');
console.log(
  `\nKafka ${KAFKA_VERSION}, ${bootstrap}${sasl ? ` (SASL ${sasl.mechanism})` : ' (plaintext)'}, ${records.toLocaleString('en-US')} records × ${size} B, acks=all, idempotent, 1 partition`,
);
console.log(
  `node ${process.version}, ${new Date().toISOString()}${rss ? `, broker RSS ${rss.join('/')} MiB` : ''}; load average before ${la(load[0] ?? [])}, after ${la(load[1] ?? [])}`,
);
if (typeof confluent === 'string')
  console.log(`@confluentinc/kafka-javascript not measured: ${confluent}`);
const pp = rows.find((r) => r.what.startsWith('produce — Kafka'));
const cp = rows.find((r) => r.what.startsWith('consume — Kafka'));
const pct = (n: number, of: number | undefined): string =>
  of ? `${((n / of) * 100).toFixed(0)} %` : '—';
console.log('\n| path | records/s | MiB/s | of Kafka tools | note |');
console.log('| --- | ---: | ---: | ---: | --- |');
for (const r of rows) {
  const ceiling = r.what.startsWith('produce') ? pp?.recordsPerSec : cp?.recordsPerSec;
  console.log(
    `| ${r.what} | ${fmt(r.recordsPerSec)} | ${r.mibPerSec.toFixed(1)} | ${pct(r.recordsPerSec, ceiling)} | ${r.note} |`,
  );
}
const raw = rows.find((r) => r.what === 'consume — kafkajs (raw)');
for (const runner of rows.filter((r) => r.what.startsWith('consume — Relais kit')))
  if (raw)
    console.log(
      `${runner.what.replace('consume — ', '')} / raw kafkajs consume: ${pct(runner.recordsPerSec, raw.recordsPerSec)}`,
    );
