// The notifier's book on Kafka (dec-047): every item is a record of the compacted changelog
// `relais.notifier.notices`, written (acks=all) to the partition of the citizen's Relais pseudonym
// — the partition relais.entitlements and Relais' deliveries put that citizen in — and every
// instance materialises the whole changelog (kit materialiseTopic, one SQLite file per partition).
// So any instance answers the HTTP reads, a write on any instance reaches every replica, and a
// lost data directory is rebuilt from the changelog at start.
//
// Deciding is the owner's: the instance the entitlements group gave partition P first brings its
// replica of P up to the changelog's end (`catchUp`), then decides on it, and alone sends the
// PENDING channels of P (`own`).
import type { Admin, Kafka } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import type { Pseudonym } from '@relais/identity';
import {
  materialiseTopic,
  PoisonRecordError,
  topicEnds,
  type Logger,
  type MaterialisedTopic,
  type RelaisProducer,
} from '@relais/kit';
import { topics } from '@relais/contracts';
import {
  itemKey,
  itemValue,
  openLedger,
  parseItem,
  type Ledger,
  type LedgerItem,
} from './ledger.ts';
import { NoticeBook } from './store.ts';

export const NOTICES_CHANGELOG = topics.notifierNotices.name;

/** The partition Kafka's default partitioner (murmur2, as the Java client) gives a key. */
export function partitionOfKey(key: string, partitions: number): number {
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  return Partitioners.DefaultPartitioner()({
    topic: '',
    partitionMetadata,
    message: { key, value: null },
  });
}

export interface NoticesChangelogOptions {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  /** Folder of the replica's files, `notices-p<N>.sqlite`. */
  dataDir: string;
  /** Names the materialiser's group (`<instance>.notices.<random>`). */
  instance: string;
  topic?: string;
  /** The deployment's partition count (RELAIS_PARTITIONS): relais.entitlements' count. */
  partitions: number;
  /** Where an item this version cannot read goes (`relais.dlq.notifier`). */
  deadLetterTopic: string;
}

export class NoticesChangelog extends NoticeBook {
  readonly topic: string;
  private readonly opts: NoticesChangelogOptions;
  private readonly replica: MaterialisedTopic<Ledger>;
  private admin: Admin | undefined;
  /** Partitions this instance owns, each with its catching up; sent from once caught up. */
  private readonly owning = new Map<number, Promise<void>>();
  private readonly owned = new Set<number>();
  /** Called when a partition was caught up and is this instance's to send from. */
  onOwned: (partition: number) => void = () => undefined;

  constructor(opts: NoticesChangelogOptions) {
    super();
    this.opts = opts;
    this.topic = opts.topic ?? NOTICES_CHANGELOG;
    this.replica = materialiseTopic<Ledger, LedgerItem>({
      kafka: opts.kafka,
      logger: opts.logger,
      topic: this.topic,
      group: `${opts.instance}.notices`,
      dataDir: opts.dataDir,
      name: 'notices',
      create: topics.notifierNotices.spec(this.topic, opts.partitions),
      open: (db) => {
        db.exec('PRAGMA journal_mode = WAL;');
        return openLedger(db);
      },
      decode: (record) => {
        let item: LedgerItem | string;
        try {
          item = parseItem(record.key?.toString() ?? '', record.value?.toString() ?? null);
        } catch (err) {
          item = `value: expected JSON (${err instanceof Error ? err.message : String(err)})`;
        }
        if (typeof item === 'string') throw new PoisonRecordError('notices.unreadable', item);
        return item;
      },
      apply: (ledger, _record, item) => ledger.apply(item),
      deadLetter: { topic: opts.deadLetterTopic, producer: opts.producer },
    });
  }

  /** Materialises the changelog; resolves once every partition reached its end at start. */
  async start(): Promise<void> {
    this.admin = this.opts.kafka.admin();
    await this.admin.connect();
    await this.replica.start();
    await this.replica.caughtUp({ timeoutMs: Infinity });
  }

  async close(): Promise<void> {
    this.owning.clear();
    this.owned.clear();
    await this.replica.stop();
    await this.admin?.disconnect();
  }

  /** The changelog partition of a citizen: the one their pseudonym keys everywhere else. */
  partitionOf(pseudonym: Pseudonym): number {
    return partitionOfKey(pseudonym, this.opts.partitions);
  }

  /** Waits until this replica of `partition` holds everything on the changelog now. */
  async catchUp(partition: number): Promise<void> {
    if (!this.admin) throw new Error(`${this.topic}: not started`);
    const high = (await topicEnds(this.admin, this.topic)).get(partition) ?? 0;
    if (high > 0) await this.replica.waitFor(partition, high - 1, { timeoutMs: Infinity });
  }

  /**
   * The partitions the entitlements group gave this instance (each rebalance): new ones are
   * caught up, then sent from; those gone are no longer sent from.
   */
  own(partitions: readonly number[]): void {
    for (const p of [...this.owning.keys()])
      if (!partitions.includes(p)) {
        this.owning.delete(p);
        this.owned.delete(p);
      }
    for (const p of partitions) if (!this.owning.has(p)) this.owning.set(p, this.ready(p));
  }

  /** Resolves once `partition` is this instance's and caught up (the owner's first step). */
  async owner(partition: number): Promise<void> {
    if (!this.owning.has(partition)) this.owning.set(partition, this.ready(partition));
    await this.owning.get(partition);
  }

  private ready(partition: number): Promise<void> {
    const ready: Promise<void> = this.catchUp(partition).then(
      () => {
        if (this.owning.get(partition) !== ready) return;
        this.owned.add(partition);
        this.onOwned(partition);
      },
      (err: unknown) => {
        // Tried again by the next batch of the partition (its hook throws meanwhile).
        if (this.owning.get(partition) === ready) this.owning.delete(partition);
        throw err;
      },
    );
    // The hook awaits it; a rejection nobody awaits is not an unhandled one.
    ready.catch(() => undefined);
    return ready;
  }

  /** The partitions this instance owns and sends from (caught up), in order. */
  ownedPartitions(): number[] {
    return [...this.owned].sort((a, b) => a - b);
  }

  /** Next offset applied per partition (readiness, tests). */
  positions(): Record<number, number> {
    return this.replica.positions();
  }

  protected ledgers(): Ledger[] {
    return this.replica.stores();
  }

  protected ledgerOf(pseudonym: Pseudonym): Ledger {
    return this.replica.store(this.partitionOf(pseudonym));
  }

  protected sending(): Ledger[] {
    return [...this.owned].sort((a, b) => a - b).map((p) => this.replica.store(p));
  }

  /** Produced (acks=all) to the citizen's partition, then applied here before resolving. */
  protected async write(item: LedgerItem): Promise<void> {
    const partition = this.partitionOf(item.pseudonym);
    const [meta] = await this.opts.producer.send(this.topic, [
      { key: itemKey(item), value: itemValue(item), partition },
    ]);
    if (meta?.baseOffset !== undefined)
      await this.replica.waitFor(partition, Number(meta.baseOffset));
    else await this.catchUp(partition);
  }
}
