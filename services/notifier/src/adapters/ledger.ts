// The notifier's state as items of a changelog (`relais.notifier.notices`, dec-047) and what a
// replica makes of them: one SQLite database per partition, each record applied idempotently, so
// a replay, a rebuild from the changelog or a record written twice by two instances leaves the
// same rows. Every item's key starts with the citizen's Relais pseudonym; each kind of item has
// its own key, so writers on different instances (the owner of the determinations, a claim's,
// a consent's, an HTTP request's) never overwrite each other's items.
//
//   <pseudonym>/notice/<benefit>/<period>          the notice and its channels (PENDING)
//   <pseudonym>/delivery/<notice id>/<channel>     a channel's status (attempts, detail)
//   <pseudonym>/opened/<notice id>                 first opening (in-app, e-mail beacon)
//   <pseudonym>/claim/<benefit>/<claimed on>       a claim, and the notice it is credited to
//   <pseudonym>/withdrawn                          consent withdrawn (a tombstone: given again)
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { NoticeId } from '@relais/contracts';
import type { Pseudonym } from '@relais/identity';
import type { Channel, DeliveryStatus } from '../domain/preferences.ts';

export interface NoticeRow {
  notice_id: NoticeId;
  pseudonym: Pseudonym;
  benefit: string;
  period: string;
  decision_id: string;
  language: string;
  subject: string;
  text: string;
  html: string;
  entitlement: string;
  created_at: string;
  opened_at: string | null;
  claimed_at: string | null;
}

export interface DeliveryRow {
  notice_id: NoticeId;
  channel: Channel;
  status: DeliveryStatus;
  detail: string | null;
  attempts: number;
  updated_at: string;
}

export interface FunnelRow {
  benefit: string;
  notified: number;
  opened: number;
  claimed: number;
  claimedWithoutNotice: number;
}

export type NoticeDoc = Omit<
  NoticeRow,
  'pseudonym' | 'benefit' | 'period' | 'opened_at' | 'claimed_at'
> & {
  channels: Channel[];
};

/** One item of a citizen's record, as written to the changelog. */
export type LedgerItem =
  | { kind: 'notice'; pseudonym: Pseudonym; benefit: string; period: string; doc: NoticeDoc }
  | {
      kind: 'delivery';
      pseudonym: Pseudonym;
      noticeId: NoticeId;
      channel: Channel;
      doc: { status: DeliveryStatus; detail: string | null; attempts: number; updatedAt: string };
    }
  | { kind: 'opened'; pseudonym: Pseudonym; noticeId: NoticeId; doc: { at: string } }
  | {
      kind: 'claim';
      pseudonym: Pseudonym;
      benefit: string;
      claimedOn: string;
      doc: { noticeId: NoticeId | null; at: string };
    }
  | { kind: 'withdrawn'; pseudonym: Pseudonym; doc: { at: string } | null };

/** A part of a key that comes from input (a claim's benefit and date): never a `/` in it. */
const part = (s: string): string => encodeURIComponent(s);

/** The record key of an item: the pseudonym first, then what identifies the item. */
export function itemKey(item: LedgerItem): string {
  switch (item.kind) {
    case 'notice':
      return `${item.pseudonym}/notice/${part(item.benefit)}/${part(item.period)}`;
    case 'delivery':
      return `${item.pseudonym}/delivery/${item.noticeId}/${item.channel}`;
    case 'opened':
      return `${item.pseudonym}/opened/${item.noticeId}`;
    case 'claim':
      return `${item.pseudonym}/claim/${part(item.benefit)}/${part(item.claimedOn)}`;
    case 'withdrawn':
      return `${item.pseudonym}/withdrawn`;
  }
}

/**
 * A record back into an item, or why this version cannot read it (the caller dead-letters it).
 */
export function parseItem(key: string, value: string | null): LedgerItem | string {
  const [pseudonym = '', kind, ra = '', rb = '', ...rest] = key.split('/');
  const a = decodeURIComponent(ra);
  const b = decodeURIComponent(rb);
  const p = pseudonym as Pseudonym;
  if (!pseudonym || rest.length) return 'key: expected <pseudonym>/<kind>/…';
  const doc = value === null ? null : (JSON.parse(value) as Record<string, unknown>);
  if (kind === 'withdrawn' && !a) return { kind, pseudonym: p, doc: doc as { at: string } | null };
  if (doc === null) return `value: expected a document for a ${kind ?? 'keyless'} item`;
  if (kind === 'notice' && a && b)
    return { kind, pseudonym: p, benefit: a, period: b, doc: doc as NoticeDoc };
  if (kind === 'delivery' && a && b)
    return {
      kind,
      pseudonym: p,
      noticeId: a as NoticeId,
      channel: b as Channel,
      doc: doc as Extract<LedgerItem, { kind: 'delivery' }>['doc'],
    };
  if (kind === 'opened' && a && !b)
    return { kind, pseudonym: p, noticeId: a as NoticeId, doc: doc as { at: string } };
  if (kind === 'claim' && a && b)
    return {
      kind,
      pseudonym: p,
      benefit: a,
      claimedOn: b,
      doc: doc as Extract<LedgerItem, { kind: 'claim' }>['doc'],
    };
  return `key: unknown item kind ${JSON.stringify(kind ?? '')}`;
}

export const itemValue = (item: LedgerItem): string | null =>
  item.doc === null ? null : JSON.stringify(item.doc);

/** One partition's rows (or a whole local store's): tables, idempotent apply, queries. */
export function openLedger(db: DatabaseSync) {
  db.exec(`
    CREATE TABLE IF NOT EXISTS notices (
      notice_id TEXT PRIMARY KEY, pseudonym TEXT NOT NULL, benefit TEXT NOT NULL,
      period TEXT NOT NULL, decision_id TEXT NOT NULL, language TEXT NOT NULL,
      subject TEXT NOT NULL, text TEXT NOT NULL, html TEXT NOT NULL, entitlement TEXT NOT NULL,
      created_at TEXT NOT NULL, UNIQUE (pseudonym, benefit, period));
    CREATE INDEX IF NOT EXISTS notices_by_citizen ON notices (pseudonym, benefit);
    CREATE TABLE IF NOT EXISTS deliveries (
      notice_id TEXT NOT NULL, channel TEXT NOT NULL, status TEXT NOT NULL, detail TEXT,
      attempts INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL,
      PRIMARY KEY (notice_id, channel)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS opened (notice_id TEXT PRIMARY KEY, at TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS claimed (notice_id TEXT PRIMARY KEY, at TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS withdrawn (pseudonym TEXT PRIMARY KEY, at TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS claims (
      pseudonym TEXT NOT NULL, benefit TEXT NOT NULL, claimed_on TEXT NOT NULL,
      after_notice INTEGER NOT NULL, PRIMARY KEY (pseudonym, benefit)) WITHOUT ROWID;`);
  const statements = new Map<string, StatementSync>();
  const stmt = (sql: string): StatementSync => {
    let st = statements.get(sql);
    if (!st) {
      st = db.prepare(sql);
      statements.set(sql, st);
    }
    return st;
  };
  const NOTICE = `SELECT n.*, o.at AS opened_at, c.at AS claimed_at FROM notices n
    LEFT JOIN opened o ON o.notice_id = n.notice_id LEFT JOIN claimed c ON c.notice_id = n.notice_id`;

  return {
    /** Applies one item: a notice is kept once (the first), a final status never reverts. */
    apply(item: LedgerItem): void {
      switch (item.kind) {
        case 'notice': {
          const d = item.doc;
          const r = stmt(
            `INSERT OR IGNORE INTO notices (notice_id, pseudonym, benefit, period, decision_id,
               language, subject, text, html, entitlement, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(
            d.notice_id,
            item.pseudonym,
            item.benefit,
            item.period,
            d.decision_id,
            d.language,
            d.subject,
            d.text,
            d.html,
            d.entitlement,
            d.created_at,
          );
          if (r.changes === 0) return;
          const pending = stmt(
            `INSERT OR IGNORE INTO deliveries (notice_id, channel, status, detail, attempts, updated_at)
             VALUES (?, ?, 'PENDING', NULL, 0, ?)`,
          );
          for (const c of d.channels) pending.run(d.notice_id, c, d.created_at);
          return;
        }
        case 'delivery': {
          const d = item.doc;
          stmt(
            `INSERT INTO deliveries (notice_id, channel, status, detail, attempts, updated_at)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (notice_id, channel) DO UPDATE SET status = excluded.status,
               detail = excluded.detail, attempts = excluded.attempts, updated_at = excluded.updated_at
             WHERE deliveries.status = 'PENDING'`,
          ).run(item.noticeId, item.channel, d.status, d.detail, d.attempts, d.updatedAt);
          return;
        }
        case 'opened':
          stmt('INSERT OR IGNORE INTO opened (notice_id, at) VALUES (?, ?)').run(
            item.noticeId,
            item.doc.at,
          );
          return;
        case 'claim':
          stmt(
            `INSERT INTO claims (pseudonym, benefit, claimed_on, after_notice) VALUES (?, ?, ?, ?)
             ON CONFLICT DO UPDATE SET claimed_on = excluded.claimed_on
             WHERE excluded.claimed_on > claims.claimed_on`,
          ).run(item.pseudonym, item.benefit, item.claimedOn, item.doc.noticeId ? 1 : 0);
          if (item.doc.noticeId)
            stmt('INSERT OR IGNORE INTO claimed (notice_id, at) VALUES (?, ?)').run(
              item.doc.noticeId,
              item.doc.at,
            );
          return;
        case 'withdrawn':
          if (item.doc === null)
            stmt('DELETE FROM withdrawn WHERE pseudonym = ?').run(item.pseudonym);
          else
            stmt(
              'INSERT INTO withdrawn (pseudonym, at) VALUES (?, ?) ON CONFLICT(pseudonym) DO UPDATE SET at = excluded.at',
            ).run(item.pseudonym, item.doc.at);
      }
    },

    hasNotice: (pseudonym: string, benefit: string, period: string): boolean =>
      stmt('SELECT 1 FROM notices WHERE pseudonym = ? AND benefit = ? AND period = ?').get(
        pseudonym,
        benefit,
        period,
      ) !== undefined,
    notice: (noticeId: string): NoticeRow | undefined =>
      stmt(`${NOTICE} WHERE n.notice_id = ?`).get(noticeId) as NoticeRow | undefined,
    noticesOf: (pseudonym: string): NoticeRow[] =>
      stmt(`${NOTICE} WHERE n.pseudonym = ? ORDER BY n.created_at DESC`).all(
        pseudonym,
      ) as unknown as NoticeRow[],
    deliveries: (noticeId: string): DeliveryRow[] =>
      stmt('SELECT * FROM deliveries WHERE notice_id = ? ORDER BY channel').all(
        noticeId,
      ) as unknown as DeliveryRow[],
    delivery: (noticeId: string, channel: string): DeliveryRow | undefined =>
      stmt('SELECT * FROM deliveries WHERE notice_id = ? AND channel = ?').get(
        noticeId,
        channel,
      ) as DeliveryRow | undefined,
    pending: (): DeliveryRow[] =>
      stmt(
        "SELECT * FROM deliveries WHERE status = 'PENDING' ORDER BY updated_at",
      ).all() as unknown as DeliveryRow[],
    /** The notice a claim on `claimedOn` is credited to: the latest sent before, not yet claimed. */
    claimable: (pseudonym: string, benefit: string, claimedOn: string): NoticeId | undefined =>
      (
        stmt(
          `SELECT n.notice_id FROM notices n LEFT JOIN claimed c ON c.notice_id = n.notice_id
           WHERE n.pseudonym = ? AND n.benefit = ? AND c.notice_id IS NULL
             AND substr(n.created_at, 1, 10) <= ? ORDER BY n.created_at DESC LIMIT 1`,
        ).get(pseudonym, benefit, claimedOn) as { notice_id: NoticeId } | undefined
      )?.notice_id,
    claim: (pseudonym: string, benefit: string): { claimed_on: string } | undefined =>
      stmt('SELECT claimed_on FROM claims WHERE pseudonym = ? AND benefit = ?').get(
        pseudonym,
        benefit,
      ) as { claimed_on: string } | undefined,
    isWithdrawn: (pseudonym: string): boolean =>
      stmt('SELECT 1 FROM withdrawn WHERE pseudonym = ?').get(pseudonym) !== undefined,
    funnel: (): FunnelRow[] => {
      const rows = stmt(
        `SELECT n.benefit AS benefit, count(*) AS notified, count(o.at) AS opened, count(c.at) AS claimed
           FROM notices n LEFT JOIN opened o ON o.notice_id = n.notice_id
           LEFT JOIN claimed c ON c.notice_id = n.notice_id GROUP BY n.benefit`,
      ).all() as Array<{ benefit: string; notified: number; opened: number; claimed: number }>;
      const apart = stmt(
        'SELECT benefit, count(*) AS n FROM claims WHERE after_notice = 0 GROUP BY benefit',
      ).all() as Array<{ benefit: string; n: number }>;
      return mergeFunnels([
        rows.map((r) => ({ ...r, claimedWithoutNotice: 0 })),
        apart.map((r) => ({
          benefit: r.benefit,
          notified: 0,
          opened: 0,
          claimed: 0,
          claimedWithoutNotice: r.n,
        })),
      ]);
    },
  };
}

export type Ledger = ReturnType<typeof openLedger>;

/** Sums funnels (one per partition) per benefit, in benefit order. */
export function mergeFunnels(funnels: FunnelRow[][]): FunnelRow[] {
  const by = new Map<string, FunnelRow>();
  for (const row of funnels.flat()) {
    const r = by.get(row.benefit);
    if (!r) by.set(row.benefit, { ...row });
    else {
      r.notified += row.notified;
      r.opened += row.opened;
      r.claimed += row.claimed;
      r.claimedWithoutNotice += row.claimedWithoutNotice;
    }
  }
  return [...by.values()].sort((a, b) => (a.benefit < b.benefit ? -1 : 1));
}
