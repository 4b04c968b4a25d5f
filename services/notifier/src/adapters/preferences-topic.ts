// Citizens' notice preferences: the compacted topic `relais.notice-preferences` (keyed by the
// Relais-sector pseudonym) is the source of truth, materialised by the kit's materialiseTopic in
// one SQLite file per partition with the offset it reached (a restart resumes, a lost data dir is
// rebuilt from the topic).
import type { DatabaseSync } from 'node:sqlite';
import type { Kafka } from 'kafkajs';
import type { Pseudonym } from '@relais/identity';
import {
  DEFAULT_PARTITIONS,
  materialiseTopic,
  type Logger,
  type MaterialisedTopic,
  type RelaisProducer,
} from '@relais/kit';
import { topics } from '@relais/contracts';
import type { Preferences } from '../domain/preferences.ts';

export const PREFERENCES_TOPIC = topics.noticePreferences.name;

function preferencesPartition(db: DatabaseSync) {
  db.exec(
    'CREATE TABLE IF NOT EXISTS preferences (pseudonym TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID',
  );
  const get = db.prepare('SELECT doc FROM preferences WHERE pseudonym = ?');
  const put = db.prepare(
    'INSERT INTO preferences (pseudonym, doc) VALUES (?, ?) ON CONFLICT(pseudonym) DO UPDATE SET doc = excluded.doc',
  );
  const del = db.prepare('DELETE FROM preferences WHERE pseudonym = ?');
  return {
    get: (pseudonym: string) => (get.get(pseudonym) as { doc: string } | undefined)?.doc,
    put: (pseudonym: string, doc: string | null): void => {
      if (doc === null) del.run(pseudonym);
      else put.run(pseudonym, doc);
    },
  };
}

type PreferencesPartition = ReturnType<typeof preferencesPartition>;

/** The preferences are on Kafka (acknowledged) but this instance has not applied them yet. */
export class PreferencesNotAppliedError extends Error {
  override readonly name = 'PreferencesNotAppliedError';
}

export class PreferencesTopic {
  private readonly opts: {
    kafka: Kafka;
    producer: RelaisProducer;
    logger: Logger;
    /** Folder of the SQLite files (one per partition). */
    dataDir: string;
    instance: string;
    topic?: string;
    /** The deployment's partition count (RELAIS_PARTITIONS). */
    partitions?: number;
  };
  private readonly preferences: MaterialisedTopic<PreferencesPartition>;

  constructor(opts: PreferencesTopic['opts']) {
    this.opts = opts;
    this.preferences = materialiseTopic<PreferencesPartition>({
      kafka: opts.kafka,
      logger: opts.logger,
      topic: this.topic,
      group: `${opts.instance}.preferences`,
      dataDir: opts.dataDir,
      name: 'preferences',
      create: topics.noticePreferences.spec(
        opts.topic ?? PREFERENCES_TOPIC,
        opts.partitions ?? DEFAULT_PARTITIONS,
      ),
      open: preferencesPartition,
      apply: (s, record) => s.put(record.key?.toString() ?? '', record.value?.toString() ?? null),
    });
  }

  get topic(): string {
    return this.opts.topic ?? PREFERENCES_TOPIC;
  }

  /** Resolves once the preferences on the topic at start are applied. */
  async start(): Promise<void> {
    await this.preferences.start();
    await this.preferences.caughtUp();
  }

  /** The citizen's preferences, whichever partition holds them; undefined: none chosen. */
  get(pseudonym: Pseudonym): Preferences | undefined {
    for (const s of this.preferences.stores()) {
      const doc = s.get(pseudonym);
      if (doc !== undefined) return JSON.parse(doc) as Preferences;
    }
    return undefined;
  }

  /** Writes the citizen's preferences (acknowledged by Kafka) and answers once applied here. */
  async put(pseudonym: Pseudonym, prefs: Preferences): Promise<void> {
    const [meta] = await this.opts.producer.send(this.topic, [
      { key: pseudonym, value: JSON.stringify(prefs) },
    ]);
    try {
      if (meta?.baseOffset !== undefined)
        await this.preferences.waitFor(meta.partition, Number(meta.baseOffset));
      else await this.preferences.waitForLatest();
    } catch (err) {
      throw new PreferencesNotAppliedError('preferences: written but not applied here yet', {
        cause: err,
      });
    }
  }

  stop(): Promise<void> {
    return this.preferences.stop();
  }
}
