// Idempotency-Key across gateway instances (dec-046). A keyed request first produces a CLAIM of
// `<agency>/<SHA-256 of the key>` to relais.gateway.idempotency and waits until this instance's
// replica applied it; every instance materialises the topic and keeps, per key, the FIRST claim
// by offset order, so exactly one request runs, wherever the retries land. The runner then
// produces the ANSWER (status and body: event ids, times), which every instance replays for
// 24 hours; a request that failed before Kafka acknowledged RELEASES its claim.
//
// A claim still in flight (no answer) answers 409 — unless it is dead: one made by an earlier
// process of this same instance (it restarted: the claim can never be answered), or one older
// than `takeOverAfterMs` (60 s: no request lasts that long; its gateway died). A dead claim is
// taken over by a claim naming it, which again only the first by offset order wins. The re-run
// gives the same event ids (eventIdFor), so what the dead one may have produced is the same event.
import { createHash, randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { topics, type AgencyId } from '@relais/contracts';
import { jsonDecoder, replicatedTable, type ReplicatedTableWiring } from '@relais/kit';
import { gatewayErrors } from '../errors.ts';
import { requestHash, type Idempotency, type StoredAnswer } from './idempotency.ts';

type Entry =
  | { t: 'claim'; claim: string; owner: string; hash: string; at: number; takes?: string }
  | { t: 'answer'; claim: string; status: number; body: unknown }
  | { t: 'release'; claim: string };

interface Row {
  claim: string;
  owner: string;
  hash: string;
  at: number;
  status: number | null;
  body: string | null;
}

function claimStore(db: DatabaseSync) {
  db.exec(`CREATE TABLE IF NOT EXISTS claims (
    id TEXT PRIMARY KEY, claim TEXT NOT NULL, owner TEXT NOT NULL, hash TEXT NOT NULL,
    at INTEGER NOT NULL, status INTEGER, body TEXT) WITHOUT ROWID;`);
  const get = db.prepare('SELECT claim, owner, hash, at, status, body FROM claims WHERE id = ?');
  const insert = db.prepare(
    'INSERT OR IGNORE INTO claims (id, claim, owner, hash, at) VALUES (?, ?, ?, ?, ?)',
  );
  const takeOver = db.prepare(
    'UPDATE claims SET claim = ?, owner = ?, at = ? WHERE id = ? AND claim = ? AND status IS NULL',
  );
  const answer = db.prepare('UPDATE claims SET status = ?, body = ? WHERE id = ? AND claim = ?');
  const release = db.prepare('DELETE FROM claims WHERE id = ? AND claim = ? AND status IS NULL');
  const prune = db.prepare('DELETE FROM claims WHERE at < ?');
  return {
    get: (id: string): Row | undefined => get.get(id) as Row | undefined,
    apply(id: string, e: Entry): void {
      if (e.t === 'claim') {
        if (e.takes) takeOver.run(e.claim, e.owner, e.at, id, e.takes);
        else insert.run(id, e.claim, e.owner, e.hash, e.at);
      } else if (e.t === 'answer') answer.run(e.status, JSON.stringify(e.body), id, e.claim);
      else release.run(id, e.claim);
    },
    prune: (before: number): void => {
      prune.run(before);
    },
  };
}

type ClaimStore = ReturnType<typeof claimStore>;

const decodeEntry = jsonDecoder<Entry>({
  reason: 'idempotency.value',
  expected: 'key and a claim, answer or release expected',
  read: (value, record) => {
    const e = value as Entry | null;
    return record.key &&
      e &&
      typeof e.claim === 'string' &&
      ['claim', 'answer', 'release'].includes(e.t)
      ? e
      : undefined;
  },
});

/** `topic`: relais.gateway.idempotency, or a test's own. */
export interface IdempotencyLogOptions extends ReplicatedTableWiring {
  partitions: number;
  /** This gateway instance's name (GATEWAY_INSTANCE): unique among the instances. */
  instance: string;
  /** Answers are replayed this long (24 h). */
  retentionMs?: number;
  /** A claim of another instance without an answer after this long was left by a dead one. */
  takeOverAfterMs?: number;
}

export interface IdempotencyLog extends Idempotency {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function idempotencyLog(o: IdempotencyLogOptions): IdempotencyLog {
  const retentionMs = o.retentionMs ?? 24 * 3600_000;
  const takeOverAfterMs = o.takeOverAfterMs ?? 60_000;
  /** This process: `<instance>/<random>`. */
  const me = `${o.instance}/${randomUUID()}`;
  const now = (): number => o.clock.now().getTime();
  /** The claims this process holds, until answered or released. */
  const mine = new Map<string, string>();
  const replica = replicatedTable<ClaimStore, Entry>({
    ...o,
    name: 'idempotency',
    create: topics.gatewayIdempotency.spec(o.topic, o.partitions),
    open: (db) => claimStore(db),
    decode: decodeEntry,
    apply: (store, record, entry) => store.apply(record.key?.toString('utf8') ?? '', entry),
    housekeeping: { everyMs: 600_000, run: (store, at) => store.prune(at - retentionMs) },
  });
  const idOf = (agency: AgencyId, key: string): string =>
    `${agency}/${createHash('sha256').update(key).digest('base64url')}`;
  const find = (id: string): Row | undefined => replica.find((store) => store.get(id));
  const write = (id: string, entry: Entry): Promise<void> =>
    replica.write(id, JSON.stringify(entry));
  const dead = (row: Row): boolean =>
    (row.owner.startsWith(`${o.instance}/`) && row.owner !== me) ||
    now() - row.at > takeOverAfterMs;

  return {
    hash: requestHash,
    async begin(agency, key, hash) {
      const id = idOf(agency, key);
      let caughtUp = false;
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const row = find(id);
        if (row && row.hash !== hash) throw gatewayErrors.idempotencyKeyReused();
        if (row && row.status !== null)
          return { status: row.status, body: JSON.parse(row.body ?? 'null') as unknown };
        if (row && !dead(row)) {
          // The claim may be answered already on another instance, its answer not yet applied
          // here: this replica first catches up with the topic, then says "in progress" only if
          // it still is (a retry sent after the first answer is replayed, not refused).
          if (caughtUp) throw gatewayErrors.idempotencyInProgress();
          caughtUp = true;
          await replica.waitForLatest({ timeoutMs: 2_000 }).catch(() => undefined);
          attempt -= 1;
          continue;
        }
        const claim = randomUUID();
        await write(id, {
          t: 'claim',
          claim,
          owner: me,
          hash,
          at: now(),
          ...(row ? { takes: row.claim } : {}),
        });
        if (find(id)?.claim === claim) {
          mine.set(id, claim);
          return undefined;
        }
        // Another claim came first: answer as it says.
      }
      throw gatewayErrors.idempotencyInProgress();
    },
    async complete(agency, key, answer: StoredAnswer) {
      const id = idOf(agency, key);
      const claim = mine.get(id);
      if (!claim) return;
      mine.delete(id);
      await write(id, { t: 'answer', claim, status: answer.status, body: answer.body });
    },
    async abandon(agency, key) {
      const id = idOf(agency, key);
      const claim = mine.get(id);
      if (!claim) return;
      mine.delete(id);
      await write(id, { t: 'release', claim });
    },
    start: () => replica.start(),
    stop: () => replica.stop(),
  };
}
