// Citizens' notice preferences: the compacted topic `relais.notice-preferences` (keyed by the
// Relais-sector pseudonym) is the source of truth; the store holds its materialised view.
import type { Consumer, Kafka } from 'kafkajs';
import { topics } from '@relais/contracts';
import { DEFAULT_PARTITIONS, ensureTopics, type Logger, type RelaisProducer } from '@relais/kit';
import type { NotifierStore, Preferences } from './store.ts';

export const PREFERENCES_TOPIC = topics.noticePreferences.name;

export class PreferencesTopic {
  private readonly opts: {
    kafka: Kafka;
    producer: RelaisProducer;
    logger: Logger;
    store: NotifierStore;
    instance: string;
    topic?: string;
    /** The deployment's partition count (RELAIS_PARTITIONS). */
    partitions?: number;
  };
  private consumer: Consumer | undefined;

  constructor(opts: PreferencesTopic['opts']) {
    this.opts = opts;
  }

  get topic(): string {
    return this.opts.topic ?? PREFERENCES_TOPIC;
  }

  async start(): Promise<void> {
    const { kafka, store } = this.opts;
    const admin = kafka.admin();
    await admin.connect();
    let high: Map<number, number>;
    try {
      await ensureTopics(admin, [
        topics.noticePreferences.spec(this.topic, this.opts.partitions ?? DEFAULT_PARTITIONS),
      ]);
      high = new Map(
        (await admin.fetchTopicOffsets(this.topic)).map((o) => [o.partition, Number(o.high)]),
      );
    } finally {
      await admin.disconnect();
    }
    const reached = new Map<number, number>();
    let resolveLoaded: () => void = () => undefined;
    const loaded = new Promise<void>((r) => (resolveLoaded = r));
    const check = () => {
      if ([...high].every(([p, h]) => (reached.get(p) ?? 0) >= h)) resolveLoaded();
    };
    check();
    this.consumer = kafka.consumer({
      groupId: `${this.opts.instance}.preferences.${process.pid}`,
      maxWaitTimeInMs: 200,
      allowAutoTopicCreation: false,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages)
          store.putPreferences(m.key?.toString() ?? '', m.value?.toString() ?? null);
        reached.set(batch.partition, Number(batch.messages.at(-1)?.offset ?? -1) + 1);
        check();
      },
    });
    await loaded;
  }

  /** Writes the citizen's preferences (acknowledged by Kafka), then the local view. */
  async put(pseudonym: string, prefs: Preferences): Promise<void> {
    const doc = JSON.stringify(prefs);
    await this.opts.producer.send(this.topic, [{ key: pseudonym, value: doc }]);
    this.opts.store.putPreferences(pseudonym, doc);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
