// The latest consent document per pivot, as relais.consents last said it.
import type { DatabaseSync } from 'node:sqlite';
import { parseConsentDocument, type ConsentDocument } from '@relais/contracts';

export function documentStore(db: DatabaseSync) {
  const get = db.prepare('SELECT doc FROM documents WHERE pivot = ?');
  const put = db.prepare(
    'INSERT INTO documents (pivot, doc) VALUES (?, ?) ON CONFLICT(pivot) DO UPDATE SET doc = excluded.doc',
  );
  const del = db.prepare('DELETE FROM documents WHERE pivot = ?');
  return {
    get(pivot: string): ConsentDocument | undefined {
      const row = get.get(pivot) as { doc: string } | undefined;
      return row ? parseConsentDocument(row.doc) : undefined;
    },
    put(pivot: string, doc: ConsentDocument): void {
      put.run(pivot, JSON.stringify(doc));
    },
    /** A tombstone (null value) on the compacted topic erases the citizen's document. */
    delete(pivot: string): void {
      del.run(pivot);
    },
  };
}

export type DocumentStore = ReturnType<typeof documentStore>;
