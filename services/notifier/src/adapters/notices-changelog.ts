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
import type { Pseudonym } from '@relais/identity';
import {
  materialiseTopic,
  partitionOfKey,
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
import { parseIssuedId } from './issued.ts';
import { publishedSince } from './published.ts';
import { NoticeBook } from './store.ts';

export const NOTICES_CHANGELOG = topics.notifierNotices.name;

/** The partition Kafka's default partitioner (murmur2, as the Java client) gives a key. */
export { partitionOfKey } from '@relais/kit';

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
  /**
   * relais.notices (the same partitions): a new owner of P looks there for a final status a
   * killed owner published but did not record, so that it is neither sent nor published again.
   */
  issuedTopic?: string;
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

  /**
   * Deciding waits for the catch-up only; sending also for relais.notices read back (reconcile),
   * which, if it fails, is said and skipped: P's PENDING channels are then sent (at least once).
   */
  private ready(partition: number): Promise<void> {
    const caught: Promise<void> = this.catchUp(partition);
    caught
      .then(() =>
        this.reconcile(partition).catch((err: unknown) =>
          this.opts.logger.warn(
            { partition, error: err instanceof Error ? err.message : String(err) },
            'relais.notices not read back; pending channels sent anyway',
          ),
        ),
      )
      .then(
        () => {
          if (this.owning.get(partition) !== caught) return;
          this.owned.add(partition);
          this.onOwned(partition);
        },
        () => {
          // Tried again by the next batch of the partition (its hook throws meanwhile).
          if (this.owning.get(partition) === caught) this.owning.delete(partition);
        },
      );
    // The hook awaits it; a rejection nobody awaits is not an unhandled one.
    caught.catch(() => undefined);
    return caught;
  }

  /**
   * A PENDING channel whose final status is on relais.notices after the last offset the replica
   * of P recorded was published by an owner killed before recording it: recorded now, with that
   * record's offset and time, and not sent again.
   */
  private async reconcile(partition: number): Promise<void> {
    const topic = this.opts.issuedTopic;
    const ledger = this.replica.store(partition);
    if (!topic || !ledger.pending().length) return;
    const last = ledger.lastIssued();
    const found = await publishedSince(this.opts.kafka, {
      topic,
      partition,
      from: last === undefined ? 0 : last + 1,
      group: `${this.opts.instance}.published`,
    });
    for (const record of found) {
      const id = parseIssuedId(record.id);
      if (!id || (id.status !== 'SENT' && id.status !== 'FAILED')) continue;
      const row = ledger.delivery(id.noticeId, id.channel);
      const n = ledger.notice(id.noticeId);
      if (row?.status !== 'PENDING' || !n) continue;
      await this.write({
        kind: 'delivery',
        pseudonym: n.pseudonym,
        noticeId: n.notice_id,
        channel: row.channel,
        doc: {
          status: id.status,
          detail: 'published before a takeover; not sent again',
          attempts: row.attempts + 1,
          updatedAt: new Date(record.timestamp).toISOString(),
          issued: record.offset,
        },
      });
      this.opts.logger.info(
        { notice: n.notice_id, channel: row.channel },
        'final status found on relais.notices after a takeover; recorded, not sent again',
      );
    }
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
