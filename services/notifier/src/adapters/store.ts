// The notifier's embedded store: one notice per (citizen, benefit, period) — the UNIQUE key is
// what makes "never twice" hold across restarts —, its delivery status per channel and the claims
// that follow. The citizens' preferences are materialised from their topic (preferences-topic.ts).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
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

export class NotifierStore {
  readonly db: DatabaseSync;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new DatabaseSync(path.join(dataDir, 'notifier.sqlite'));
    this.db.exec(`PRAGMA journal_mode = WAL;
      CREATE TABLE IF NOT EXISTS notices (
        notice_id TEXT PRIMARY KEY, pseudonym TEXT NOT NULL, benefit TEXT NOT NULL,
        period TEXT NOT NULL, decision_id TEXT NOT NULL, language TEXT NOT NULL,
        subject TEXT NOT NULL, text TEXT NOT NULL, html TEXT NOT NULL, entitlement TEXT NOT NULL,
        created_at TEXT NOT NULL, opened_at TEXT, claimed_at TEXT,
        UNIQUE (pseudonym, benefit, period));
      CREATE INDEX IF NOT EXISTS notices_by_citizen ON notices (pseudonym, benefit);
      CREATE TABLE IF NOT EXISTS deliveries (
        notice_id TEXT NOT NULL, channel TEXT NOT NULL, status TEXT NOT NULL, detail TEXT,
        attempts INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL,
        PRIMARY KEY (notice_id, channel)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS withdrawn (pseudonym TEXT PRIMARY KEY, at TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS claims (
        pseudonym TEXT NOT NULL, benefit TEXT NOT NULL, claimed_on TEXT NOT NULL,
        after_notice INTEGER NOT NULL, PRIMARY KEY (pseudonym, benefit)) WITHOUT ROWID;`);
  }

  private readonly statements = new Map<string, StatementSync>();

  /** Each statement is prepared once, on first use. */
  private stmt(sql: string): StatementSync {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  hasNotice(pseudonym: Pseudonym, benefit: string, period: string): boolean {
    return (
      this.stmt('SELECT 1 FROM notices WHERE pseudonym = ? AND benefit = ? AND period = ?').get(
        pseudonym,
        benefit,
        period,
      ) !== undefined
    );
  }

  /** Records the notice and a PENDING delivery per channel; false if it already exists. */
  insertNotice(row: Omit<NoticeRow, 'opened_at' | 'claimed_at'>, channels: Channel[]): boolean {
    this.db.exec('BEGIN');
    try {
      const r = this.stmt(
        `INSERT OR IGNORE INTO notices (notice_id, pseudonym, benefit, period, decision_id, language,
            subject, text, html, entitlement, created_at, opened_at, claimed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
      ).run(
        row.notice_id,
        row.pseudonym,
        row.benefit,
        row.period,
        row.decision_id,
        row.language,
        row.subject,
        row.text,
        row.html,
        row.entitlement,
        row.created_at,
      );
      if (r.changes === 0) {
        this.db.exec('ROLLBACK');
        return false;
      }
      const d = this.stmt(
        'INSERT INTO deliveries (notice_id, channel, status, detail, attempts, updated_at) VALUES (?, ?, ?, NULL, 0, ?)',
      );
      for (const c of channels) d.run(row.notice_id, c, 'PENDING', row.created_at);
      this.db.exec('COMMIT');
      return true;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  setDelivery(
    noticeId: NoticeId,
    channel: Channel,
    status: DeliveryStatus,
    detail: string,
    at: string,
  ) {
    this.stmt(
      'UPDATE deliveries SET status = ?, detail = ?, attempts = attempts + 1, updated_at = ? WHERE notice_id = ? AND channel = ?',
    ).run(status, detail, at, noticeId, channel);
  }

  /** PENDING channels due at `now`: new ones at once, a retry after 30 s, 1 min, 2 min… (≤ 30 min). */
  pending(now: Date): DeliveryRow[] {
    const rows = this.stmt(
      "SELECT * FROM deliveries WHERE status = 'PENDING' ORDER BY updated_at",
    ).all() as unknown as DeliveryRow[];
    return rows.filter(
      (r) =>
        r.attempts === 0 ||
        Date.parse(r.updated_at) + Math.min(30_000 * 2 ** (r.attempts - 1), 1_800_000) <=
          now.getTime(),
    );
  }

  deliveries(noticeId: NoticeId): DeliveryRow[] {
    return this.stmt('SELECT * FROM deliveries WHERE notice_id = ? ORDER BY channel').all(
      noticeId,
    ) as unknown as DeliveryRow[];
  }

  notice(noticeId: NoticeId): NoticeRow | undefined {
    return this.stmt('SELECT * FROM notices WHERE notice_id = ?').get(noticeId) as
      NoticeRow | undefined;
  }

  noticesOf(pseudonym: Pseudonym): NoticeRow[] {
    return this.stmt('SELECT * FROM notices WHERE pseudonym = ? ORDER BY created_at DESC').all(
      pseudonym,
    ) as unknown as NoticeRow[];
  }

  markOpened(noticeId: NoticeId, at: string): boolean {
    return (
      this.stmt('UPDATE notices SET opened_at = ? WHERE notice_id = ? AND opened_at IS NULL').run(
        at,
        noticeId,
      ).changes > 0
    );
  }

  /** A claim: recorded once per citizen and benefit; attributed to a notice sent before it. */
  recordClaim(pseudonym: Pseudonym, benefit: string, claimedOn: string, at: string): boolean {
    const notice = this.stmt(
      'SELECT notice_id FROM notices WHERE pseudonym = ? AND benefit = ? AND claimed_at IS NULL AND substr(created_at, 1, 10) <= ? ORDER BY created_at DESC LIMIT 1',
    ).get(pseudonym, benefit, claimedOn) as { notice_id: string } | undefined;
    const r = this.stmt(
      'INSERT INTO claims (pseudonym, benefit, claimed_on, after_notice) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET claimed_on = excluded.claimed_on WHERE excluded.claimed_on > claims.claimed_on',
    ).run(pseudonym, benefit, claimedOn, notice ? 1 : 0);
    if (notice)
      this.stmt('UPDATE notices SET claimed_at = ? WHERE notice_id = ?').run(at, notice.notice_id);
    return r.changes > 0;
  }

  hasClaimed(pseudonym: Pseudonym, benefit: string): boolean {
    return (
      this.stmt('SELECT 1 FROM claims WHERE pseudonym = ? AND benefit = ?').get(
        pseudonym,
        benefit,
      ) !== undefined
    );
  }

  /** The citizen withdrew (or let expire) the proactive-eligibility consent, or gave it again. */
  setWithdrawn(pseudonym: Pseudonym, at: string | null): void {
    if (at === null) this.stmt('DELETE FROM withdrawn WHERE pseudonym = ?').run(pseudonym);
    else
      this.stmt(
        'INSERT INTO withdrawn (pseudonym, at) VALUES (?, ?) ON CONFLICT(pseudonym) DO UPDATE SET at = excluded.at',
      ).run(pseudonym, at);
  }

  isWithdrawn(pseudonym: string): boolean {
    return this.stmt('SELECT 1 FROM withdrawn WHERE pseudonym = ?').get(pseudonym) !== undefined;
  }

  /** notified → opened → claimed, per benefit; claims without a notice counted apart. */
  funnel(): Array<{
    benefit: string;
    notified: number;
    opened: number;
    claimed: number;
    claimedWithoutNotice: number;
  }> {
    const rows = this.stmt(
      `SELECT benefit, count(*) AS notified, count(opened_at) AS opened, count(claimed_at) AS claimed
         FROM notices GROUP BY benefit ORDER BY benefit`,
    ).all() as Array<{ benefit: string; notified: number; opened: number; claimed: number }>;
    const apart = new Map(
      (
        this.stmt(
          'SELECT benefit, count(*) AS n FROM claims WHERE after_notice = 0 GROUP BY benefit',
        ).all() as Array<{ benefit: string; n: number }>
      ).map((r) => [r.benefit, r.n]),
    );
    const benefits = new Set([...rows.map((r) => r.benefit), ...apart.keys()]);
    return [...benefits].sort().map((benefit) => {
      const r = rows.find((x) => x.benefit === benefit);
      return {
        benefit,
        notified: r?.notified ?? 0,
        opened: r?.opened ?? 0,
        claimed: r?.claimed ?? 0,
        claimedWithoutNotice: apart.get(benefit) ?? 0,
      };
    });
  }

  close(): void {
    this.db.close();
  }
}
