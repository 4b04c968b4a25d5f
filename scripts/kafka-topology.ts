// npm run kafka:topology [-- --apply] [--replay-window-days 30]
//
// Every topic on the brokers (KAFKA_BROKERS, default 127.0.0.1:9092) against its declaration in
// contracts/src/topics.ts: its retention (what for and why: contracts/src/retention.ts), its
// cleanup policy and the rest of its declared configuration. Prints each topic whose
// configuration differs; `--apply` sets those to their declaration (exit 0), without it the exit
// code is 1 when something differs. Topics no declaration names are listed, never touched.
import { parseArgs } from 'node:util';
import {
  declarationOf,
  DEFAULT_REPLAY_WINDOW_DAYS,
  type NamedTopic,
  type TopicFamily,
} from '@relais/contracts';
import {
  configDrift,
  createKafka,
  createLogger,
  describeRetention,
  reconcileTopicConfigs,
  type TopicSpec,
} from '@relais/kit';
import { runningKafka } from './lib/kafka.ts';

const { values } = parseArgs({
  options: {
    apply: { type: 'boolean', default: false },
    'replay-window-days': {
      type: 'string',
      default: process.env['RELAIS_REPLAY_WINDOW_DAYS'] ?? String(DEFAULT_REPLAY_WINDOW_DAYS),
    },
  },
});
const replayWindowDays = Number(values['replay-window-days']);
if (!Number.isFinite(replayWindowDays) || replayWindowDays <= 0) {
  console.error('--replay-window-days: expected a positive number of days');
  process.exit(2);
}

const kafka = createKafka({
  brokers: runningKafka().split(','),
  clientId: 'relais-topology',
  logger: createLogger({ service: 'topology', level: 'warn' }),
});
const admin = kafka.admin();
await admin.connect();
try {
  const names = (await admin.listTopics()).filter((t) => !t.startsWith('__')).sort();
  const { topics: meta } = await admin.fetchTopicMetadata({ topics: names });
  const counts = new Map(meta.map((t) => [t.name, t.partitions.length]));
  const specs: TopicSpec[] = [];
  const undeclared: string[] = [];
  for (const name of names) {
    const found = declarationOf(name);
    if (!found) {
      undeclared.push(name);
      continue;
    }
    const d: NamedTopic | TopicFamily = found.declaration;
    specs.push(d.spec(name, counts.get(name), { replayWindowDays }));
  }
  const entries = [...new Set(specs.flatMap((s) => Object.keys(s.config ?? {})))];
  const drift = await configDrift(admin, specs, entries);
  for (const d of drift) {
    const show = d.entry === 'retention.ms' ? describeRetention : (v?: string) => v ?? '-';
    console.log(
      `${d.topic}: ${d.entry} is ${show(d.found)} (${d.found ?? '-'}), declared ${show(d.declared)} (${d.declared})`,
    );
  }
  for (const t of undeclared)
    console.log(`${t}: no declaration in contracts/src/topics.ts (left alone)`);
  const changed = [...new Set(drift.map((d) => d.topic))];
  console.log(
    `${specs.length} declared topic(s) on the brokers, ${changed.length} differing from their declaration`,
  );
  if (values.apply && changed.length) {
    await reconcileTopicConfigs(
      admin,
      specs.filter((s) => changed.includes(s.topic)),
    );
    console.log(`reconciled: ${changed.join(', ')}`);
  } else if (changed.length) {
    console.log('run `npm run kafka:topology -- --apply` to set them to their declaration');
    process.exitCode = 1;
  }
} finally {
  await admin.disconnect();
}
