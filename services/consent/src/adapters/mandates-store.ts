// A citizen's mandates as relais.mandates last said them (the whole list after each change), one
// table per partition's file (consumers/mandates.ts materialises the topic into them), with an
// index by structure so a structure's agents list the mandates they may act under and nothing
// else. Dates are kept as ISO strings and read back as Dates.
import type { DatabaseSync } from 'node:sqlite';
import type { MandateRecord, MandatesState } from '@relais/contracts';
import { asPivot, type Pivot } from '@relais/identity';

const revive = (json: string): MandatesState => {
  const s = JSON.parse(json) as MandatesState;
  const date = (v: unknown) => new Date(v as string);
  return {
    ...s,
    changedAt: date(s.changedAt),
    mandates: s.mandates.map((m) => ({
      ...m,
      createdAt: date(m.createdAt),
      expiresAt: date(m.expiresAt),
      revokedScopes: m.revokedScopes.map((r) => ({ ...r, revokedAt: date(r.revokedAt) })),
    })),
  };
};

/** One partition's mandates. */
export function mandatePartition(db: DatabaseSync) {
  db.exec(`CREATE TABLE IF NOT EXISTS mandates (pivot TEXT PRIMARY KEY, state TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS by_structure (structure TEXT NOT NULL, mandate TEXT NOT NULL,
      pivot TEXT NOT NULL, PRIMARY KEY (structure, mandate)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS by_mandate (mandate TEXT PRIMARY KEY, pivot TEXT NOT NULL) WITHOUT ROWID;`);
  const get = db.prepare('SELECT state FROM mandates WHERE pivot = ?');
  const put = db.prepare(
    'INSERT INTO mandates (pivot, state) VALUES (?, ?) ON CONFLICT(pivot) DO UPDATE SET state = excluded.state',
  );
  const del = db.prepare('DELETE FROM mandates WHERE pivot = ?');
  const delIndex = db.prepare('DELETE FROM by_structure WHERE pivot = ?');
  const delByMandate = db.prepare('DELETE FROM by_mandate WHERE pivot = ?');
  const index = db.prepare(
    'INSERT OR REPLACE INTO by_structure (structure, mandate, pivot) VALUES (?, ?, ?)',
  );
  const indexMandate = db.prepare(
    'INSERT OR REPLACE INTO by_mandate (mandate, pivot) VALUES (?, ?)',
  );
  const ofStructure = db.prepare('SELECT DISTINCT pivot FROM by_structure WHERE structure = ?');
  const pivotOf = db.prepare('SELECT pivot FROM by_mandate WHERE mandate = ?');
  return {
    get(pivot: Pivot): MandatesState | undefined {
      const row = get.get(pivot) as { state: string } | undefined;
      return row ? revive(row.state) : undefined;
    },
    put(pivot: Pivot, state: MandatesState): void {
      put.run(pivot, JSON.stringify(state));
      delIndex.run(pivot);
      delByMandate.run(pivot);
      for (const m of state.mandates) {
        index.run(m.structureId, m.mandateId, pivot);
        indexMandate.run(m.mandateId, pivot);
      }
    },
    delete(pivot: Pivot): void {
      del.run(pivot);
      delIndex.run(pivot);
      delByMandate.run(pivot);
    },
    pivotsOf(structureId: string): Pivot[] {
      return (ofStructure.all(structureId) as Array<{ pivot: string }>).map((r) =>
        asPivot(r.pivot),
      );
    },
    pivotOfMandate(mandateId: string): Pivot | undefined {
      const row = pivotOf.get(mandateId) as { pivot: string } | undefined;
      return row ? asPivot(row.pivot) : undefined;
    },
  };
}

export type MandatePartition = ReturnType<typeof mandatePartition>;

/** What the consent service, the notifier and tests read: a citizen's mandates, a structure's. */
export interface MandateStore {
  get(pivot: Pivot): MandatesState | undefined;
  /** The citizens whose mandates (any state) name this structure, with their mandates. */
  ofStructure(structureId: string): Array<{ pivot: Pivot; mandates: MandateRecord[] }>;
  /** The citizen a mandate id belongs to, whatever the structure (the caller then decides). */
  pivotOfMandate(mandateId: string): Pivot | undefined;
}

export function mandateStore(partitions: () => MandatePartition[]): MandateStore {
  return {
    get(pivot) {
      for (const p of partitions()) {
        const state = p.get(pivot);
        if (state) return state;
      }
      return undefined;
    },
    ofStructure(structureId) {
      return partitions().flatMap((p) =>
        p.pivotsOf(structureId).map((pivot) => ({
          pivot,
          mandates: (p.get(pivot)?.mandates ?? []).filter((m) => m.structureId === structureId),
        })),
      );
    },
    pivotOfMandate(mandateId) {
      for (const p of partitions()) {
        const pivot = p.pivotOfMandate(mandateId);
        if (pivot) return pivot;
      }
      return undefined;
    },
  };
}

/** A store in memory (tests, the app's unit tests). */
export function memoryMandateStore(): MandateStore & {
  put(pivot: Pivot, state: MandatesState): void;
} {
  const states = new Map<Pivot, MandatesState>();
  return {
    put: (pivot, state) => void states.set(pivot, state),
    get: (pivot) => states.get(pivot),
    ofStructure: (structureId) =>
      [...states.entries()]
        .map(([pivot, s]) => ({
          pivot,
          mandates: s.mandates.filter((m) => m.structureId === structureId),
        }))
        .filter((e) => e.mandates.length),
    pivotOfMandate: (mandateId) =>
      [...states.entries()].find(([, s]) => s.mandates.some((m) => m.mandateId === mandateId))?.[0],
  };
}
