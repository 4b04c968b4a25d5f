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

/** Creates the topics that do not exist yet; existing ones are left as they are. */
export async function ensureTopics(admin: Admin, specs: TopicSpec[]): Promise<string[]> {
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
  return missing.map((s) => s.topic);
}
