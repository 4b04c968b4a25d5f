// Relais creates its topics explicitly (auto-creation is off on our brokers).
import type { Admin, ITopicConfig } from 'kafkajs';

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
