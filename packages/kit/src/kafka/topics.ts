// Relais creates its topics explicitly (auto-creation is off on our brokers), and checks at start
// that the topics joined by partition number have the partition count the deployment says.
import type { Admin, ConfigResourceTypes, ITopicConfig } from 'kafkajs';

/**
 * The protocol's resource type of a topic (DescribeConfigs). kafkajs is CommonJS and Node's ESM
 * loader does not see its `ConfigResourceTypes` export, so the value is written here.
 */
export const TOPIC_RESOURCE = 2 as ConfigResourceTypes;

/**
 * Partitions of Relais' per-citizen topics unless the deployment says otherwise
 * (`RELAIS_PARTITIONS`, parsed with each service's config). The topics themselves are declared in
 * `@relais/contracts` (`topics`).
 */
export const DEFAULT_PARTITIONS = 3;

export interface TopicSpec {
  topic: string;
  partitions?: number;
  replicationFactor?: number;
  /** `compact` for state topics (consents, pseudonyms, the registry's storage). */
  cleanupPolicy?: 'delete' | 'compact';
  config?: Record<string, string>;
}

/**
 * Creates the topics that do not exist yet; existing ones are left as they are. Safe when
 * several processes ensure the same topics at once (one creates, the others wait for it).
 */
export async function ensureTopics(
  admin: Admin,
  specs: TopicSpec[],
  attempts = 6,
): Promise<string[]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await createMissing(admin, specs);
    } catch (err) {
      if (attempt >= attempts) throw err;
      // Another client is creating the same topic: its metadata is not everywhere yet.
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}

async function createMissing(admin: Admin, specs: TopicSpec[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.topic));
  if (missing.length === 0) return [];
  const topics: ITopicConfig[] = missing.map((s) => ({
    topic: s.topic,
    numPartitions: s.partitions ?? -1,
    replicationFactor: s.replicationFactor ?? -1,
    configEntries: Object.entries({
      ...(s.cleanupPolicy ? { 'cleanup.policy': s.cleanupPolicy } : {}),
      ...s.config,
    }).map(([name, value]) => ({ name, value })),
  }));
  try {
    await admin.createTopics({ topics, waitForLeaders: true });
  } catch (err) {
    // Another instance created it between our listTopics and createTopics: that is fine.
    if (!(err instanceof Error && /already exists/i.test(err.message))) throw err;
  }
  // KRaft propagates new topics' metadata asynchronously: return once every one is visible, so
  // the caller's next subscribe or offset fetch does not meet UNKNOWN_TOPIC_OR_PARTITION.
  const names = missing.map((s) => s.topic);
  for (let i = 0; ; i += 1) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics: names });
      if (meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)))
        break;
    } catch (err) {
      if (i >= 50) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return names;
}

/** A topic's partition count as the broker reports it; `undefined`: the topic does not exist. */
export interface PartitionCount {
  topic: string;
  partitions: number | undefined;
}

/** Co-partitioned topics that do not all have the expected partition count. */
export class PartitionCountError extends Error {
  override readonly name = 'PartitionCountError';
  readonly expected: number;
  /** Every topic checked, with what the broker reports. */
  readonly topics: PartitionCount[];
  constructor(expected: number, topics: PartitionCount[]) {
    const found = topics
      .map((t) => `${t.topic} has ${t.partitions ?? 'no'} partition(s)`)
      .join(', ');
    super(
      `co-partitioned topics must each have ${expected} partitions (RELAIS_PARTITIONS): ${found}. ` +
        "A citizen's records would land on partitions of different numbers, and per-citizen " +
        'order across these topics would no longer hold; recreate the topics or set ' +
        'RELAIS_PARTITIONS to their count.',
    );
    this.expected = expected;
    this.topics = topics;
  }
}

/**
 * Fails fast when the topics a service joins by partition number (keyed by the citizen's pivot
 * and co-partitioned with `relais.consents`: guarantee 3) do not all have `expected` partitions.
 * Throws a `PartitionCountError` naming each topic and its count; a missing topic counts as a
 * mismatch. Call it after `ensureTopics`, before consuming or producing.
 */
export async function checkCoPartitioned(
  admin: Admin,
  topics: readonly string[],
  expected: number,
): Promise<void> {
  const names = [...new Set(topics)];
  if (names.length === 0) return;
  const existing = new Set(await admin.listTopics());
  const present = names.filter((t) => existing.has(t));
  const counts = new Map<string, number>();
  if (present.length) {
    const { topics: meta } = await admin.fetchTopicMetadata({ topics: present });
    for (const t of meta) counts.set(t.name, t.partitions.length);
  }
  const found = names.map((topic) => ({ topic, partitions: counts.get(topic) }));
  if (found.some((t) => t.partitions !== expected)) throw new PartitionCountError(expected, found);
}

/**
 * Fails fast when a topic whose records must carry the broker's append time (the canonical events
 * and relais.consents: dec-014, dec-030) carries the producer's time instead — a topic created
 * before, or by hand. With CreateTime, whoever writes there chooses the record's position in a
 * citizen's order. Throws naming each topic and its `message.timestamp.type`.
 */
export async function checkBrokerTime(admin: Admin, topics: readonly string[]): Promise<void> {
  const names = [...new Set(topics)];
  if (names.length === 0) return;
  const { resources } = await admin.describeConfigs({
    resources: names.map((name) => ({
      type: TOPIC_RESOURCE,
      name,
      configNames: ['message.timestamp.type'],
    })),
    includeSynonyms: false,
  });
  const wrong = resources
    .map((r) => ({
      topic: r.resourceName,
      type: r.configEntries.find((e) => e.configName === 'message.timestamp.type')?.configValue,
    }))
    .filter((t) => t.type !== 'LogAppendTime');
  if (wrong.length) {
    throw new Error(
      `topics whose records must carry the broker's append time (message.timestamp.type=LogAppendTime): ${wrong
        .map((t) => `${t.topic} has ${t.type ?? 'no such setting'}`)
        .join(', ')}`,
    );
  }
}

/** The configuration entries whose drift a service reports at start (retention, issue 17). */
export const RETENTION_ENTRIES = ['retention.ms', 'retention.bytes'] as const;

/** A topic configuration entry the broker holds with another value than declared. */
export interface ConfigDrift {
  topic: string;
  entry: string;
  declared: string;
  /** What the broker reports (its default when the topic has no value of its own). */
  found: string | undefined;
}

/**
 * The declared entries (`entries` of each spec's config, retention by default) the broker holds
 * with another value, for the specs' topics that exist. Reads, changes nothing.
 */
export async function configDrift(
  admin: Admin,
  specs: readonly TopicSpec[],
  entries: readonly string[] = RETENTION_ENTRIES,
): Promise<ConfigDrift[]> {
  const declared = specs
    .map((s) => ({
      topic: s.topic,
      values: Object.entries(s.config ?? {}).filter(([k]) => entries.includes(k)),
    }))
    .filter((s) => s.values.length > 0);
  if (declared.length === 0) return [];
  const existing = new Set(await admin.listTopics());
  const present = declared.filter((s) => existing.has(s.topic));
  if (present.length === 0) return [];
  const { resources } = await admin.describeConfigs({
    resources: present.map((s) => ({
      type: TOPIC_RESOURCE,
      name: s.topic,
      configNames: s.values.map(([k]) => k),
    })),
    includeSynonyms: false,
  });
  const found = new Map(resources.map((r) => [r.resourceName, r.configEntries]));
  return present.flatMap((s) =>
    s.values
      .map(([entry, value]) => ({
        topic: s.topic,
        entry,
        declared: value,
        found: found.get(s.topic)?.find((e) => e.configName === entry)?.configValue,
      }))
      .filter((d) => d.found !== d.declared),
  );
}

/** `604800000` → `7 days`, `-1` → `unlimited`: what an operator reads in a warning. */
export function describeRetention(ms: string | undefined): string {
  if (ms === undefined) return 'no value';
  const n = Number(ms);
  if (n < 0) return 'unlimited';
  const days = n / 86_400_000;
  return days >= 1 && Number.isInteger(days) ? `${days} day(s)` : `${n} ms`;
}

/**
 * Says, once per topic, when a topic keeps its records for another time than declared (a topic
 * created before the declaration, by hand, or changed since): the service still starts, and
 * `npm run kafka:topology -- --apply` reconciles. Returns what it found.
 */
export async function warnRetentionDrift(
  admin: Admin,
  specs: readonly TopicSpec[],
  logger: { warn(obj: object, msg: string): void },
): Promise<ConfigDrift[]> {
  let drift: ConfigDrift[];
  try {
    drift = await configDrift(admin, specs);
  } catch (err) {
    // A principal may write a topic without reading its configuration: the check is advice, never
    // a reason not to start; say it could not be made.
    logger.warn(
      { topics: specs.map((s) => s.topic), error: (err as Error).message },
      'could not compare these topics with their declared retention',
    );
    return [];
  }
  for (const d of drift) {
    const human = d.entry === 'retention.ms' ? describeRetention : (v?: string) => v ?? 'no value';
    logger.warn(
      {
        topic: d.topic,
        entry: d.entry,
        declared: d.declared,
        found: d.found ?? null,
        reconcile: 'npm run kafka:topology -- --apply',
      },
      `topic ${d.topic} keeps its records for ${human(d.found)} (${d.entry}=${d.found ?? '-'}), declared ${human(d.declared)} (${d.entry}=${d.declared})`,
    );
  }
  return drift;
}

/**
 * Sets each existing topic's configuration to its declaration (AlterConfigs replaces a topic's
 * own entries as a whole: the declared set becomes the topic's set). Returns the topics changed.
 */
export async function reconcileTopicConfigs(
  admin: Admin,
  specs: readonly TopicSpec[],
): Promise<string[]> {
  if (specs.length === 0) return [];
  await admin.alterConfigs({
    validateOnly: false,
    resources: specs.map((s) => ({
      type: TOPIC_RESOURCE,
      name: s.topic,
      configEntries: Object.entries({
        ...(s.cleanupPolicy ? { 'cleanup.policy': s.cleanupPolicy } : {}),
        ...s.config,
      }).map(([name, value]) => ({ name, value })),
    })),
  });
  return specs.map((s) => s.topic);
}
