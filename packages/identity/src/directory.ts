// (sector, pseudonym) → pivot, for the events that enter with the publisher's pseudonym.
// Source of truth: the compacted topic `relais.pseudonyms`, keyed `<sector>:<pseudonym>`.
// Each partition is materialised in its own embedded SQLite file, with the offset it reached
// (the kit's materialiseTopic), so a restart resumes where it stopped and memory does not grow
// with the number of citizens.
import type { Kafka } from 'kafkajs';
import { DEFAULT_PARTITIONS, type Logger, type RelaisProducer } from '@relais/kit';
import { topics } from '@relais/contracts';
import { PivotTable } from './pivot-table.ts';
import { derivePseudonym, type Pivot, type Pseudonym } from './pseudonym.ts';

export const PSEUDONYM_TOPIC = topics.pseudonyms.name;

export interface DirectoryOptions {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  key: Buffer;
  /** Folder of the SQLite files (one per partition). */
  dataDir: string;
  topic?: string;
  /** The deployment's partition count (RELAIS_PARTITIONS). */
  partitions?: number;
  /** Names this instance's reader (its consumer group), for operators. */
  instance: string;
}

export class PseudonymDirectory {
  private readonly opts: DirectoryOptions;
  private readonly pseudonyms: PivotTable;

  constructor(opts: DirectoryOptions) {
    this.opts = opts;
    this.pseudonyms = new PivotTable({
      kafka: opts.kafka,
      logger: opts.logger,
      topic: this.topic,
      group: `relais-pseudonyms.${opts.instance}`,
      dataDir: opts.dataDir,
      create: topics.pseudonyms.spec(this.topic, opts.partitions ?? DEFAULT_PARTITIONS),
      table: 'pseudonyms',
      keyColumn: 'key',
    });
  }

  get topic(): string {
    return this.opts.topic ?? PSEUDONYM_TOPIC;
  }

  async start(): Promise<void> {
    await this.pseudonyms.start();
    this.opts.logger.info({ topic: this.topic }, 'pseudonym directory loaded');
  }

  /** Waits until everything written to the topic so far is applied. */
  catchUp(timeoutMs = 30_000): Promise<void> {
    return this.pseudonyms.catchUp(timeoutMs);
  }

  pseudonymOf(sector: string, pivot: Pivot): Pseudonym {
    return derivePseudonym(this.opts.key, sector, pivot);
  }

  /** The pivot behind a sector pseudonym, or undefined when that citizen is not enrolled. */
  resolve(sector: string, pseudonym: string): Pivot | undefined {
    return this.pseudonyms.get(`${sector}:${pseudonym}`);
  }

  /** Enrols a citizen in sectors: their pseudonyms become resolvable. Waits until applied. */
  async enrol(pivot: Pivot, inSectors: readonly string[]): Promise<Record<string, Pseudonym>> {
    const pseudonyms = Object.fromEntries(
      inSectors.map((sector) => [sector, this.pseudonymOf(sector, pivot)]),
    );
    await this.opts.producer.send(
      this.topic,
      inSectors.map((sector) => ({ key: `${sector}:${pseudonyms[sector]}`, value: pivot })),
    );
    await this.catchUp();
    return pseudonyms as Record<string, Pseudonym>;
  }

  /** Rows held on disk, all partitions (for operators and the memory benchmark). */
  size(): number {
    return this.pseudonyms.size();
  }

  stop(): Promise<void> {
    return this.pseudonyms.stop();
  }
}
