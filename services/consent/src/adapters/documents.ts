// The latest consent document per pivot, as relais.consents last said it: one table in each
// partition's file (consumers/consents.ts materialises the topic into them).
import type { DatabaseSync } from 'node:sqlite';
import { parseConsentDocument, type ConsentDocument } from '@relais/contracts';
import type { Pivot } from '@relais/identity';

/** One partition's documents. */
export function documentPartition(db: DatabaseSync) {
  db.exec(
    'CREATE TABLE IF NOT EXISTS documents (pivot TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID',
  );
  const get = db.prepare('SELECT doc FROM documents WHERE pivot = ?');
  const put = db.prepare(
    'INSERT INTO documents (pivot, doc) VALUES (?, ?) ON CONFLICT(pivot) DO UPDATE SET doc = excluded.doc',
  );
  const del = db.prepare('DELETE FROM documents WHERE pivot = ?');
  return {
    get(pivot: Pivot): ConsentDocument | undefined {
      const row = get.get(pivot) as { doc: string } | undefined;
      return row ? parseConsentDocument(row.doc) : undefined;
    },
    put(pivot: Pivot, doc: ConsentDocument): void {
      put.run(pivot, JSON.stringify(doc));
    },
    /** A tombstone (null value) on the compacted topic erases the citizen's document. */
    delete(pivot: Pivot): void {
      del.run(pivot);
    },
  };
}

export type DocumentPartition = ReturnType<typeof documentPartition>;

/**
 * A citizen's document, whichever partition holds it: the pivot's partition is the producer's
 * murmur2 of the key, which the few files answer as fast as computing it.
 */
export function documentStore(partitions: () => DocumentPartition[]) {
  return {
    get(pivot: Pivot): ConsentDocument | undefined {
      for (const p of partitions()) {
        const doc = p.get(pivot);
        if (doc) return doc;
      }
      return undefined;
    },
  };
}

export type DocumentStore = ReturnType<typeof documentStore>;
