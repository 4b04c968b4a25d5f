// Webhook endpoints (one per agency) and deliveries (one per agency and event), in the gateway's
// embedded SQLite. Every delivery's state lives here, so a restart resumes where it stopped.
import { createHash } from 'node:crypto';
import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import { asAgencyId, asEventId, type AgencyId, type EventId } from '@relais/contracts';
import { systemClock, type Clock } from '@relais/kit';

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export interface WebhookEndpoint {
  agency: AgencyId;
  url: string;
  secret: string;
  /** Epoch ms of the registration (re-registering resets it). */
  createdAt: number;
}

export interface WebhookDelivery {
  id: string;
  agency: AgencyId;
  eventId: EventId;
  /** The exact bytes POSTed and signed (JSON text). */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  /** Epoch ms; meaningful while pending. */
  nextAttemptAt: number;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: number;
  deliveredAt: number | null;
}

export interface WebhookStoreOptions {
  clock?: Clock;
  /** A delivery's id; by default derived from agency and event id (the same on every instance). */
  newId?: (agency: AgencyId, eventId: EventId) => string;
  /** Called after each change of a delivery (dec-046: its state goes to the changelog). */
  changed?: (id: string) => void;
  /**
   * Which deliveries this instance sends: those of the input partitions it owns (dec-046).
   * Unset: all of them (one instance).
   */
  owned?: (agency: AgencyId) => readonly number[] | undefined;
}

/** A delivery's id: the same for the same agency and event on every gateway instance. */
export const deliveryIdOf = (agency: AgencyId, eventId: EventId): string =>
  createHash('sha256').update(`${agency}\u0000${eventId}`).digest('base64url').slice(0, 32);

/** A delivery's whole state, as the changelog carries it (webhooks/deliveries-log.ts). */
export interface DeliveryState extends WebhookDelivery {
  /** The relais.deliveries.<agency> partition it came from: its owner sends it. */
  partition: number | null;
  /** Each change increments it; a replica applies only a newer state. */
  rev: number;
  history: WebhookAttempt[];
}

const schema = `
CREATE TABLE IF NOT EXISTS webhook_endpoints (
  agency TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id TEXT PRIMARY KEY,
  agency TEXT NOT NULL,
  event_id TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  last_status INTEGER,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER,
  UNIQUE (agency, event_id)
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due
  ON webhook_deliveries (agency, status, next_attempt_at);
CREATE INDEX IF NOT EXISTS webhook_deliveries_status
  ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS webhook_deliveries_event ON webhook_deliveries (event_id);
CREATE TABLE IF NOT EXISTS webhook_attempts (
  delivery_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  status INTEGER,
  error TEXT
);
CREATE INDEX IF NOT EXISTS webhook_attempts_delivery ON webhook_attempts (delivery_id, at);
`;

/** Attempts kept per delivery for operators (the latest ones). */
const ATTEMPTS_KEPT = 50;

/** One attempt of a delivery: when, the HTTP status (null: no answer) and the error. */
export interface WebhookAttempt {
  at: number;
  status: number | null;
  error: string | null;
}

type Row = Record<string, SQLOutputValue>;

const text = (row: Row, key: string): string => String(row[key]);
const int = (row: Row, key: string): number => Number(row[key]);
const maybe = <T>(row: Row, key: string, f: (r: Row, k: string) => T): T | null =>
  row[key] === null || row[key] === undefined ? null : f(row, key);

function toDelivery(row: Row): WebhookDelivery {
  return {
    id: text(row, 'id'),
    agency: asAgencyId(text(row, 'agency')),
    eventId: asEventId(text(row, 'event_id')),
    body: text(row, 'body'),
    status: text(row, 'status') as DeliveryStatus,
    attempts: int(row, 'attempts'),
    nextAttemptAt: int(row, 'next_attempt_at'),
    lastError: maybe(row, 'last_error', text),
    lastStatus: maybe(row, 'last_status', int),
    createdAt: int(row, 'created_at'),
    deliveredAt: maybe(row, 'delivered_at', int),
  };
}

export class WebhookStore {
  /** Its file: webhooks/deliveries-log.ts reads and writes whole states in it. */
  readonly db: DatabaseSync;
  private readonly clock: Clock;
  private readonly newId: (agency: AgencyId, eventId: EventId) => string;
  private readonly changed: (id: string) => void;
  private readonly owned: WebhookStoreOptions['owned'];

  constructor(db: DatabaseSync, options: WebhookStoreOptions = {}) {
    this.db = db;
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? deliveryIdOf;
    this.changed = options.changed ?? (() => undefined);
    this.owned = options.owned;
    db.exec(schema);
    // Files made before dec-046 get the columns (partition unknown: any instance sends it).
    const columns = db.prepare('PRAGMA table_info(webhook_deliveries)').all() as Array<{
      name: string;
    }>;
    if (!columns.some((c) => c.name === 'rev'))
      db.exec(`ALTER TABLE webhook_deliveries ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE webhook_deliveries ADD COLUMN input_partition INTEGER;`);
  }

  /** The owned partitions of an agency as SQL parameters (null: no filter). */
  private ownedOf(agency: AgencyId): string | null {
    const owned = this.owned?.(agency);
    return owned === undefined ? null : JSON.stringify(owned);
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  /** `createdAt`: now, or the registration's own instant (replicated from another instance). */
  upsertEndpoint(
    agency: AgencyId,
    url: string,
    secret: string,
    createdAt = this.now(),
  ): WebhookEndpoint {
    this.db
      .prepare(
        `INSERT INTO webhook_endpoints (agency, url, secret, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (agency) DO UPDATE SET
           url = excluded.url, secret = excluded.secret, created_at = excluded.created_at`,
      )
      .run(agency, url, secret, createdAt);
    return { agency, url, secret, createdAt };
  }

  getEndpoint(agency: AgencyId): WebhookEndpoint | undefined {
    const row = this.db.prepare('SELECT * FROM webhook_endpoints WHERE agency = ?').get(agency);
    if (!row) return undefined;
    return {
      agency: asAgencyId(text(row, 'agency')),
      url: text(row, 'url'),
      secret: text(row, 'secret'),
      createdAt: int(row, 'created_at'),
    };
  }

  /** True when an endpoint was removed. Its pending deliveries stay, resumed on re-registration. */
  deleteEndpoint(agency: AgencyId): boolean {
    return (
      this.db.prepare('DELETE FROM webhook_endpoints WHERE agency = ?').run(agency).changes > 0
    );
  }

  /**
   * Queues `body` for the agency's endpoint, once per (agency, eventId): a duplicate returns the
   * existing delivery with `created: false`. Undefined when the agency registered no endpoint
   * (nothing is queued for agencies that do not use webhooks).
   */
  enqueue(
    agency: AgencyId,
    eventId: EventId,
    body: string,
    partition: number | null = null,
  ): { id: string; created: boolean } | undefined {
    if (!this.getEndpoint(agency)) return undefined;
    const now = this.now();
    const id = this.newId(agency, eventId);
    const { changes } = this.db
      .prepare(
        `INSERT INTO webhook_deliveries
           (id, agency, event_id, body, status, attempts, next_attempt_at, created_at, rev,
            input_partition)
         VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, 1, ?)
         ON CONFLICT DO NOTHING`,
      )
      .run(id, agency, eventId, body, now, now, partition);
    if (changes > 0) {
      this.changed(id);
      return { id, created: true };
    }
    const row = this.db
      .prepare('SELECT id FROM webhook_deliveries WHERE agency = ? AND event_id = ?')
      .get(agency, eventId);
    return { id: row ? text(row, 'id') : id, created: false };
  }

  get(id: string): WebhookDelivery | undefined {
    const row = this.db.prepare('SELECT * FROM webhook_deliveries WHERE id = ?').get(id);
    return row ? toDelivery(row) : undefined;
  }

  /** Pending deliveries of the agency whose time has come, oldest due first. */
  due(agency: AgencyId, now: number, limit: number): WebhookDelivery[] {
    return this.db
      .prepare(
        `SELECT * FROM webhook_deliveries
         WHERE agency = ?1 AND status = 'pending' AND next_attempt_at <= ?2
           AND (?3 IS NULL OR input_partition IS NULL
                OR input_partition IN (SELECT value FROM json_each(?3)))
         ORDER BY next_attempt_at, created_at LIMIT ?4`,
      )
      .all(agency, now, this.ownedOf(agency), limit)
      .map(toDelivery);
  }

  /** Agencies with an endpoint and at least one pending delivery due by `now`. */
  agenciesDue(now: number): AgencyId[] {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT d.agency, d.input_partition FROM webhook_deliveries d
         JOIN webhook_endpoints e ON e.agency = d.agency
         WHERE d.status = 'pending' AND d.next_attempt_at <= ?`,
      )
      .all(now);
    const due = new Set<AgencyId>();
    for (const row of rows) {
      const agency = asAgencyId(text(row, 'agency'));
      const owned = this.owned?.(agency);
      const partition = maybe(row, 'input_partition', int);
      if (!owned || partition === null || owned.includes(partition)) due.add(agency);
    }
    return [...due];
  }

  /** Keeps one attempt in the delivery's history (operators follow a flow with it). */
  private attempted(id: string, status: number | null, error: string | null): void {
    this.db
      .prepare('INSERT INTO webhook_attempts (delivery_id, at, status, error) VALUES (?, ?, ?, ?)')
      .run(id, this.now(), status, error);
    this.db
      .prepare(
        `DELETE FROM webhook_attempts WHERE delivery_id = ? AND rowid NOT IN (
           SELECT rowid FROM webhook_attempts WHERE delivery_id = ? ORDER BY at DESC, rowid DESC LIMIT ?)`,
      )
      .run(id, id, ATTEMPTS_KEPT);
  }

  /** When the delivery's last attempt was made; null before any (or for a file older than them). */
  lastAttemptAt(id: string): number | null {
    const row = this.db
      .prepare('SELECT max(at) AS at FROM webhook_attempts WHERE delivery_id = ?')
      .get(id);
    return row ? maybe(row, 'at', int) : null;
  }

  /** Every agency's deliveries of one event, each with its attempts, oldest first: for operators. */
  ofEvent(eventId: EventId): Array<WebhookDelivery & { history: WebhookAttempt[] }> {
    const attempts = this.db.prepare(
      'SELECT at, status, error FROM webhook_attempts WHERE delivery_id = ? ORDER BY at, rowid',
    );
    return this.db
      .prepare('SELECT * FROM webhook_deliveries WHERE event_id = ? ORDER BY agency')
      .all(eventId)
      .map((row) => {
        const d = toDelivery(row);
        const history = attempts.all(d.id).map((a) => ({
          at: int(a, 'at'),
          status: maybe(a, 'status', int),
          error: maybe(a, 'error', text),
        }));
        return { ...d, history };
      });
  }

  markDelivered(id: string, status: number): void {
    this.attempted(id, status, null);
    this.db
      .prepare(
        `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1,
           last_status = ?, last_error = NULL, delivered_at = ?, rev = rev + 1 WHERE id = ?`,
      )
      .run(status, this.now(), id);
    this.changed(id);
  }

  /** Records a failed attempt and when to try again. */
  markRetry(id: string, nextAt: number, error: string, status: number | null): void {
    this.attempted(id, status, error);
    this.db
      .prepare(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ?,
           last_error = ?, last_status = ?, rev = rev + 1 WHERE id = ?`,
      )
      .run(nextAt, error, status, id);
    this.changed(id);
  }

  /** Records the last failed attempt: the delivery is dead-lettered (listed, redeliverable). */
  markFailed(id: string, error: string, status: number | null): void {
    this.attempted(id, status, error);
    this.db
      .prepare(
        `UPDATE webhook_deliveries SET status = 'failed', attempts = attempts + 1,
           last_error = ?, last_status = ?, rev = rev + 1 WHERE id = ?`,
      )
      .run(error, status, id);
    this.changed(id);
  }

  /** The agency's deliveries, newest first. */
  list(agency: AgencyId, status: DeliveryStatus | undefined, limit: number): WebhookDelivery[] {
    const rows = status
      ? this.db
          .prepare(
            `SELECT * FROM webhook_deliveries WHERE agency = ? AND status = ?
             ORDER BY created_at DESC, id LIMIT ?`,
          )
          .all(agency, status, limit)
      : this.db
          .prepare(
            `SELECT * FROM webhook_deliveries WHERE agency = ?
             ORDER BY created_at DESC, id LIMIT ?`,
          )
          .all(agency, limit);
    return rows.map(toDelivery);
  }

  /** Every agency's dead-lettered deliveries, newest first: for operators. */
  listFailedAll(limit: number): WebhookDelivery[] {
    return this.db
      .prepare(
        `SELECT * FROM webhook_deliveries WHERE status = 'failed'
         ORDER BY created_at DESC, id LIMIT ?`,
      )
      .all(limit)
      .map(toDelivery);
  }

  /**
   * Sends the delivery again from scratch: pending, attempts 0, due now. Works from any status
   * (a delivered one is replayed). Undefined unless the id is one of the agency's.
   */
  redeliver(agency: AgencyId, id: string): WebhookDelivery | undefined {
    return this.reset(id, agency);
  }

  /** As `redeliver`, for operators: any agency's delivery. */
  redeliverAny(id: string): WebhookDelivery | undefined {
    return this.reset(id, undefined);
  }

  private reset(id: string, agency: AgencyId | undefined): WebhookDelivery | undefined {
    const existing = this.get(id);
    if (!existing || (agency !== undefined && existing.agency !== agency)) return undefined;
    this.db
      .prepare(
        `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?,
           delivered_at = NULL, rev = rev + 1 WHERE id = ?`,
      )
      .run(this.now(), id);
    this.changed(id);
    return this.get(id);
  }
}
