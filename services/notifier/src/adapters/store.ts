// The notifier's record of notices, their delivery status per channel, openings, claims and
// withdrawals, read and written through `NoticeBook`. Its state is items (ledger.ts): a write is
// an item, applied where the book keeps its rows. Two books:
// - `NoticesChangelog` (notices-changelog.ts), the service's: items go to the compacted changelog
//   `relais.notifier.notices` and every instance reads its replica of it (dec-047);
// - `NotifierStore` below: one local SQLite file, items applied at once (use cases' tests, tools).
// "Never twice" holds on the replica: a notice is written only when the partition's rows have none
// for (citizen, benefit, period), by the one instance that owns the partition.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { NoticeId } from '@relais/contracts';
import type { Pseudonym } from '@relais/identity';
import type { Channel, DeliveryStatus } from '../domain/preferences.ts';
import {
  mergeFunnels,
  openLedger,
  type DeliveryRow,
  type FunnelRow,
  type Ledger,
  type LedgerItem,
  type NoticeRow,
} from './ledger.ts';

export type { DeliveryRow, FunnelRow, NoticeRow } from './ledger.ts';

/** A retry after 30 s, 1 min, 2 min… (≤ 30 min). */
const retryDelayMs = (attempts: number): number =>
  Math.min(30_000 * 2 ** (attempts - 1), 1_800_000);

export abstract class NoticeBook {
  /** Every partition's rows held here. */
  protected abstract ledgers(): Ledger[];
  /** The rows of the citizen's partition. */
  protected abstract ledgerOf(pseudonym: Pseudonym): Ledger;
  /** The partitions whose channels this instance sends (those it owns). */
  protected abstract sending(): Ledger[];
  /** Records an item; resolves once it is in this instance's rows. */
  protected abstract write(item: LedgerItem): Promise<void>;
  abstract close(): void | Promise<void>;

  hasNotice(pseudonym: Pseudonym, benefit: string, period: string): boolean {
    return this.ledgerOf(pseudonym).hasNotice(pseudonym, benefit, period);
  }

  /** Records the notice with a PENDING delivery per channel; false if one already exists. */
  async insertNotice(
    row: Omit<NoticeRow, 'opened_at' | 'claimed_at'>,
    channels: Channel[],
  ): Promise<boolean> {
    const { pseudonym, benefit, period, ...doc } = row;
    if (this.hasNotice(pseudonym, benefit, period)) return false;
    await this.write({ kind: 'notice', pseudonym, benefit, period, doc: { ...doc, channels } });
    return true;
  }

  /** A channel's new status (one attempt more). */
  async setDelivery(
    noticeId: NoticeId,
    channel: Channel,
    status: DeliveryStatus,
    detail: string,
    at: string,
  ): Promise<void> {
    const n = this.notice(noticeId);
    if (!n) throw new Error(`notice ${noticeId}: not in this instance's rows`);
    const attempts = (this.ledgerOf(n.pseudonym).delivery(noticeId, channel)?.attempts ?? 0) + 1;
    await this.write({
      kind: 'delivery',
      pseudonym: n.pseudonym,
      noticeId,
      channel,
      doc: { status, detail, attempts, updatedAt: at },
    });
  }

  /** PENDING channels due at `now` (of the partitions sent from here): new ones at once, retries later. */
  pending(now: Date): DeliveryRow[] {
    return this.sending()
      .flatMap((l) => l.pending())
      .filter(
        (r) =>
          r.attempts === 0 || Date.parse(r.updated_at) + retryDelayMs(r.attempts) <= now.getTime(),
      );
  }

  deliveries(noticeId: NoticeId): DeliveryRow[] {
    for (const l of this.ledgers()) {
      const rows = l.deliveries(noticeId);
      if (rows.length) return rows;
    }
    return [];
  }

  notice(noticeId: NoticeId): NoticeRow | undefined {
    for (const l of this.ledgers()) {
      const n = l.notice(noticeId);
      if (n) return n;
    }
    return undefined;
  }

  noticesOf(pseudonym: Pseudonym): NoticeRow[] {
    return this.ledgerOf(pseudonym).noticesOf(pseudonym);
  }

  /** True when this is the first opening. */
  async markOpened(noticeId: NoticeId, at: string): Promise<boolean> {
    const n = this.notice(noticeId);
    if (!n || n.opened_at !== null) return false;
    await this.write({ kind: 'opened', pseudonym: n.pseudonym, noticeId, doc: { at } });
    return true;
  }

  /** A claim: recorded once per citizen and benefit; credited to a notice sent before it. */
  async recordClaim(
    pseudonym: Pseudonym,
    benefit: string,
    claimedOn: string,
    at: string,
  ): Promise<boolean> {
    const ledger = this.ledgerOf(pseudonym);
    const known = ledger.claim(pseudonym, benefit);
    const changed = !known || claimedOn > known.claimed_on;
    const noticeId = ledger.claimable(pseudonym, benefit, claimedOn) ?? null;
    if (changed || noticeId)
      await this.write({ kind: 'claim', pseudonym, benefit, claimedOn, doc: { noticeId, at } });
    return changed;
  }

  hasClaimed(pseudonym: Pseudonym, benefit: string): boolean {
    return this.ledgerOf(pseudonym).claim(pseudonym, benefit) !== undefined;
  }

  /** The citizen withdrew (or let expire) the proactive-eligibility consent (`at`), or gave it again (null). */
  async setWithdrawn(pseudonym: Pseudonym, at: string | null): Promise<void> {
    // Every consent record of a citizen is judged again: write only what changes.
    if (this.isWithdrawn(pseudonym) === (at !== null)) return;
    await this.write({ kind: 'withdrawn', pseudonym, doc: at === null ? null : { at } });
  }

  isWithdrawn(pseudonym: string): boolean {
    return this.ledgerOf(pseudonym as Pseudonym).isWithdrawn(pseudonym);
  }

  /** notified → opened → claimed, per benefit; claims without a notice counted apart. */
  funnel(): FunnelRow[] {
    return mergeFunnels(this.ledgers().map((l) => l.funnel()));
  }
}

/** The book in one local SQLite file, items applied as they are written (no Kafka). */
export class NotifierStore extends NoticeBook {
  readonly db: DatabaseSync;
  private readonly ledger: Ledger;

  constructor(dataDir: string) {
    super();
    mkdirSync(dataDir, { recursive: true });
    this.db = new DatabaseSync(path.join(dataDir, 'notices.sqlite'));
    this.db.exec('PRAGMA journal_mode = WAL;');
    this.ledger = openLedger(this.db);
  }

  protected ledgers(): Ledger[] {
    return [this.ledger];
  }
  protected ledgerOf(): Ledger {
    return this.ledger;
  }
  protected sending(): Ledger[] {
    return [this.ledger];
  }
  protected write(item: LedgerItem): Promise<void> {
    // Applied before the first await: a caller that does not wait sees it at once.
    this.ledger.apply(item);
    return Promise.resolve();
  }

  close(): void {
    this.db.close();
  }
}
