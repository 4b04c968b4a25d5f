// The client-assertion ids the gateway accepted, shared by its instances (dec-046): an assertion
// is good once, on whichever instance it reaches first. Accepting one produces a claim
// (`<agency>:<jti>` → a random claim id and the assertion's expiry) to relais.gateway.assertion-ids
// and waits until this instance's replica applied it: the first claim of an id by offset order
// wins, on every instance, so two instances given the same assertion at once accept it once.
// Ids are forgotten once their assertion expired.
import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { topics } from '@relais/contracts';
import { jsonDecoder, replicatedTable, type ReplicatedTableWiring } from '@relais/kit';

function usedIds(db: DatabaseSync) {
  db.exec(
    'CREATE TABLE IF NOT EXISTS used_jti (id TEXT PRIMARY KEY, claim TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;',
  );
  const insert = db.prepare(
    'INSERT OR IGNORE INTO used_jti (id, claim, expires_at) VALUES (?, ?, ?)',
  );
  const get = db.prepare('SELECT claim FROM used_jti WHERE id = ?');
  const prune = db.prepare('DELETE FROM used_jti WHERE expires_at < ?');
  return {
    claim: (id: string, claim: string, expiresAt: number): void => {
      insert.run(id, claim, expiresAt);
    },
    winner: (id: string): string | undefined =>
      (get.get(id) as { claim: string } | undefined)?.claim,
    prune: (before: number): void => {
      prune.run(before);
    },
  };
}

type UsedIds = ReturnType<typeof usedIds>;

interface Claim {
  claim: string;
  expiresAt: number;
}

const decodeClaim = jsonDecoder<Claim>({
  reason: 'assertion-id.value',
  expected: 'key and { claim, expiresAt } expected',
  read: (value, record) => {
    const v = value as Partial<Claim> | null;
    return record.key && typeof v?.claim === 'string' && typeof v.expiresAt === 'number'
      ? { claim: v.claim, expiresAt: v.expiresAt }
      : undefined;
  },
});

/** `topic`: relais.gateway.assertion-ids, or a test's own. */
export type AssertionIdsOptions = ReplicatedTableWiring;

export interface AssertionIds {
  /** False when this id was already accepted, here or on another instance (a replay). */
  remember(id: string, expiresAtMs: number): Promise<boolean>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function assertionIds(o: AssertionIdsOptions): AssertionIds {
  const replica = replicatedTable<UsedIds, Claim>({
    ...o,
    name: 'assertion-ids',
    create: topics.gatewayAssertionIds.spec(o.topic),
    open: (db) => usedIds(db),
    decode: decodeClaim,
    apply: (store, record, claim) => {
      store.claim(record.key?.toString('utf8') ?? '', claim.claim, claim.expiresAt);
    },
    housekeeping: { everyMs: 60_000, run: (store, now) => store.prune(now) },
  });
  return {
    async remember(id, expiresAtMs) {
      const store = replica.store(0);
      if (store.winner(id) !== undefined) return false;
      const claim = randomUUID();
      await replica.write(id, JSON.stringify({ claim, expiresAt: expiresAtMs }));
      return store.winner(id) === claim;
    },
    start: () => replica.start(),
    stop: () => replica.stop(),
  };
}
