// identity hash → pivot, for the portal's FranceConnect login. Source of truth: the compacted topic
// `relais.identity-links`, keyed by the hash (never the identity, never a NIR), value the pivot;
// each partition materialised in its own SQLite file (the kit's materialiseTopic), like the
// pseudonym directory. Enrolment writes a link and waits until it is applied; the portal resolves.
import type { Kafka } from 'kafkajs';
import { topics } from '@relais/contracts';
import { DEFAULT_PARTITIONS, type Logger, type RelaisProducer } from '@relais/kit';
import {
  identityHash,
  normaliseIdentity,
  type IdentityHash,
  type PivotIdentity,
} from './identity-hash.ts';
import { PivotTable } from './pivot-table.ts';
import type { Pivot } from './pseudonym.ts';

export const IDENTITY_LINKS_TOPIC = topics.identityLinks.name;

export interface IdentityLinksOptions {
  kafka: Kafka;
  /** Needed to enrol (write links); a reader alone (the portal) may go without. */
  producer?: RelaisProducer;
  logger: Logger;
  /** The identity key (identity.key), not the pseudonym key. */
  key: Buffer;
  /** Folder of the SQLite files (one per partition). */
  dataDir: string;
  topic?: string;
  /** The deployment's partition count (RELAIS_PARTITIONS). */
  partitions?: number;
  /** Names this instance's reader, for operators. */
  instance: string;
}

export class IdentityLinks {
  private readonly opts: IdentityLinksOptions;
  private readonly links: PivotTable;

  constructor(opts: IdentityLinksOptions) {
    this.opts = opts;
    this.links = new PivotTable({
      kafka: opts.kafka,
      logger: opts.logger,
      topic: this.topic,
      group: `relais-identity-links.${opts.instance}`,
      dataDir: opts.dataDir,
      create: topics.identityLinks.spec(this.topic, opts.partitions ?? DEFAULT_PARTITIONS),
      table: 'identity_links',
      keyColumn: 'hash',
    });
  }

  get topic(): string {
    return this.opts.topic ?? IDENTITY_LINKS_TOPIC;
  }

  async start(): Promise<void> {
    await this.links.start();
    this.opts.logger.info({ topic: this.topic }, 'identity links loaded');
  }

  /** Waits until everything written to the topic so far is applied. */
  catchUp(timeoutMs = 30_000): Promise<void> {
    return this.links.catchUp(timeoutMs);
  }

  hashOf(identity: PivotIdentity): IdentityHash {
    return identityHash(this.opts.key, identity);
  }

  /** The pivot behind a hash, or undefined when no enrolled citizen has that identity. */
  resolveHash(hash: IdentityHash): Pivot | undefined {
    return this.links.get(hash);
  }

  /** The pivot behind identity claims (normalised, hashed), or undefined. */
  resolve(claims: Partial<Record<keyof PivotIdentity, unknown>>): Pivot | undefined {
    const result = normaliseIdentity(claims);
    return 'identity' in result ? this.resolveHash(this.hashOf(result.identity)) : undefined;
  }

  /**
   * Links a citizen's identité pivot to their pivot (enrolment). Refuses claims that are no
   * identité pivot, naming each claim. Waits until applied.
   */
  async link(pivot: Pivot, claims: Partial<Record<keyof PivotIdentity, unknown>>): Promise<void> {
    const producer = this.opts.producer;
    if (!producer) throw new Error('identity links: linking needs a producer');
    const result = normaliseIdentity(claims);
    if ('problems' in result) {
      throw new Error(
        `identity links: not an identité pivot: ${result.problems.map((p) => `${p.claim}: expected ${p.expected}`).join('; ')}`,
      );
    }
    await producer.send(this.topic, [{ key: this.hashOf(result.identity), value: pivot }]);
    await this.catchUp();
  }

  /** Removes a link (a tombstone): that identity no longer signs in as this citizen. */
  async unlink(claims: Partial<Record<keyof PivotIdentity, unknown>>): Promise<void> {
    const producer = this.opts.producer;
    if (!producer) throw new Error('identity links: unlinking needs a producer');
    const result = normaliseIdentity(claims);
    if ('problems' in result) return;
    await producer.send(this.topic, [{ key: this.hashOf(result.identity), value: null }]);
    await this.catchUp();
  }

  stop(): Promise<void> {
    return this.links.stop();
  }
}
