// The citizen's transparency view: one row per access record, unique by accessId (the access log
// is delivered at least once: a record read twice is stored once). One table in each partition's
// file (consumers/access-log.ts materialises the topic into them). Beside it, each record's place
// in its partition's hash chain (offset, previousHash, hash: every citizen's, only hashes), so a
// citizen can be handed the proof of one of their records without anyone else's content.
import type { DatabaseSync } from 'node:sqlite';
import type { AgencyId, ConsentId } from '@relais/contracts';
import type { Pivot } from '@relais/identity';
import { recordLeaf } from '@relais/router/checkpoint';
import {
  appendLeaf,
  completedNodes,
  inclusionProof,
  toHex,
  type Frontier,
} from '@relais/router/merkle';

export type AccessLegalBasis = 'consent' | 'legal-obligation' | 'public-task' | 'unknown';

export interface AccessEntry {
  accessId: string;
  /** The delivered event (its CloudEvents id): an id of Relais' own, nothing personal. */
  eventId: string;
  recipient: AgencyId;
  contract: string;
  fields: string[];
  /** The catalog's word: consent, legal-obligation, public-task (unknown: a symbol not known). */
  legalBasis: AccessLegalBasis;
  consentId: ConsentId | null;
  purpose: string;
  recordedAt: string;
  traceId: string | null;
}

/** Where a record sits in its partition's hash chain (dec-015), as the router wrote it. */
export interface ChainLink {
  partition: number;
  offset: number;
  previousHash: string | null;
  hash: string | null;
  /** The record's content as the router hashed it (recordedAt as RFC 3339), `hash` excluded. */
  content: Record<string, unknown>;
}

/** A citizen's record with what proves it is in the chain: its neighbours' hashes, the head. */
export interface AccessProof {
  entry: AccessEntry;
  link: ChainLink;
  /** The record just before it in the partition (any citizen's): its hash only. */
  previous: { offset: number; hash: string | null } | null;
  /** The record just after it: the previousHash it carries only. */
  next: { offset: number; previousHash: string | null } | null;
  /** The latest record of the partition applied here. */
  head: { offset: number; hash: string | null };
  /**
   * Its inclusion in a checkpoint Relais signed (RFC 6962 audit path, dec-036): null while no
   * checkpoint covers it yet (within a minute), or when this service lacks records before it.
   */
  inclusion: Inclusion | null;
}

/** What proves a record with Relais' public key alone. */
export interface Inclusion {
  leafIndex: number;
  treeSize: number;
  /** SHA-256(0x00 ‖ canonical JSON of `link.content`), hex. */
  leafHash: string;
  /** Sibling hashes from the leaf up, hex. */
  auditPath: string[];
  /** The checkpoint: compact JWS (ES256) of its body, whose rootHash the path leads to. */
  checkpoint: string;
}

/** A signed checkpoint as the consent service keeps it. */
export interface KnownCheckpoint {
  treeSize: number;
  jws: string;
}

/** One partition's access records. */
export function accessLogPartition(db: DatabaseSync) {
  db.exec(`CREATE TABLE IF NOT EXISTS access_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, access_id TEXT NOT NULL UNIQUE, pivot TEXT NOT NULL,
      recorded_at INTEGER NOT NULL, body TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS access_log_pivot ON access_log (pivot, recorded_at, seq);
    CREATE TABLE IF NOT EXISTS chain (offset INTEGER PRIMARY KEY, access_id TEXT NOT NULL,
      previous_hash TEXT, hash TEXT, content TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS chain_access ON chain (access_id);
    CREATE TABLE IF NOT EXISTS merkle (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
      PRIMARY KEY (level, idx)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS tree (id INTEGER PRIMARY KEY CHECK (id = 1), size INTEGER NOT NULL,
      frontier TEXT NOT NULL, gap INTEGER NOT NULL);`);
  // The partition's Merkle tree (leaf i: the record at offset i), its perfect subtrees kept so an
  // audit path is read, not recomputed. `gap`: records before one applied here are missing (the
  // topic expired them and no archive had them): no proof from there on.
  const putNode = db.prepare('INSERT OR REPLACE INTO merkle (level, idx, hash) VALUES (?, ?, ?)');
  const getNode = db.prepare('SELECT hash FROM merkle WHERE level = ? AND idx = ?');
  const saveTree = db.prepare(
    'INSERT INTO tree (id, size, frontier, gap) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET size = excluded.size, frontier = excluded.frontier, gap = excluded.gap',
  );
  const treeRow = db.prepare('SELECT size, frontier, gap FROM tree WHERE id = 1').get() as
    { size: number; frontier: string; gap: number } | undefined;
  let tree: Frontier = treeRow
    ? {
        size: treeRow.size,
        hashes: (JSON.parse(treeRow.frontier) as string[]).map((h) => Buffer.from(h, 'hex')),
      }
    : { size: 0, hashes: [] };
  let gap = treeRow?.gap === 1;
  function grow(offset: number, content: Record<string, unknown>): void {
    if (gap || offset < tree.size) return;
    if (offset > tree.size) gap = true;
    else {
      const leaf = recordLeaf(content);
      for (const n of completedNodes(tree, leaf)) putNode.run(n.level, n.index, n.hash);
      tree = appendLeaf(tree, leaf);
    }
    saveTree.run(tree.size, JSON.stringify(tree.hashes.map(toHex)), gap ? 1 : 0);
  }
  const link = db.prepare(
    'INSERT OR IGNORE INTO chain (offset, access_id, previous_hash, hash, content) VALUES (?, ?, ?, ?, ?)',
  );
  const mine = db.prepare('SELECT body FROM access_log WHERE pivot = ? AND access_id = ?');
  // The first time this record entered the chain (a repeat at a later offset is a new link).
  const linkOf = db.prepare(
    'SELECT offset, previous_hash, hash, content FROM chain WHERE access_id = ? ORDER BY offset LIMIT 1',
  );
  const at = db.prepare('SELECT offset, previous_hash, hash FROM chain WHERE offset = ?');
  const last = db.prepare('SELECT offset, hash FROM chain ORDER BY offset DESC LIMIT 1');
  const add = db.prepare(
    'INSERT OR IGNORE INTO access_log (access_id, pivot, recorded_at, body) VALUES (?, ?, ?, ?)',
  );
  /** Against the largest checkpoint that covers the record and that this tree holds. */
  function inclusionOf(
    offset: number,
    content: Record<string, unknown>,
    checkpoints: readonly KnownCheckpoint[],
  ): Inclusion | null {
    const c = checkpoints
      .filter((k) => k.treeSize > offset && k.treeSize <= tree.size)
      .sort((a, b) => b.treeSize - a.treeSize)[0];
    if (!c) return null;
    const node = (level: number, index: number) =>
      (getNode.get(level, index) as { hash: Uint8Array } | undefined)?.hash as Buffer | undefined;
    const path = inclusionProof(offset, c.treeSize, (level, index) => {
      const h = node(level, index);
      return h ? Buffer.from(h) : undefined;
    });
    return {
      leafIndex: offset,
      treeSize: c.treeSize,
      leafHash: toHex(recordLeaf(content)),
      auditPath: path.map(toHex),
      checkpoint: c.jws,
    };
  }
  const page = db.prepare(
    'SELECT body FROM access_log WHERE pivot = ? ORDER BY recorded_at DESC, seq DESC LIMIT ?',
  );
  return {
    /** False when this accessId was already stored. */
    add(pivot: Pivot, entry: AccessEntry): boolean {
      return (
        Number(
          add.run(entry.accessId, pivot, Date.parse(entry.recordedAt), JSON.stringify(entry))
            .changes,
        ) === 1
      );
    },
    /** Every record's place in the chain, whoever it concerns. */
    link(accessId: string, l: Omit<ChainLink, 'partition'>): void {
      link.run(l.offset, accessId, l.previousHash, l.hash, JSON.stringify(l.content));
      grow(l.offset, l.content);
    },
    /** How many records the tree holds (offsets [0, size)); undefined past a gap. */
    treeSize: (): number | undefined => (gap ? undefined : tree.size),
    /** The proof of one of the citizen's records; undefined when it is not theirs. */
    proof(
      pivot: Pivot,
      accessId: string,
      partition: number,
      checkpoints: readonly KnownCheckpoint[] = [],
    ): AccessProof | undefined {
      const row = mine.get(pivot, accessId) as { body: string } | undefined;
      const l = linkOf.get(accessId) as ChainRow | undefined;
      if (!row || !l) return undefined;
      const before = at.get(l.offset - 1) as ChainRow | undefined;
      const after = at.get(l.offset + 1) as ChainRow | undefined;
      const head = last.get() as { offset: number; hash: string | null };
      return {
        entry: JSON.parse(row.body) as AccessEntry,
        link: {
          partition,
          offset: l.offset,
          previousHash: l.previous_hash,
          hash: l.hash,
          content: JSON.parse(l.content) as Record<string, unknown>,
        },
        previous: before ? { offset: before.offset, hash: before.hash } : null,
        next: after ? { offset: after.offset, previousHash: after.previous_hash } : null,
        head: { offset: head.offset, hash: head.hash },
        inclusion: gap
          ? null
          : inclusionOf(l.offset, JSON.parse(l.content) as Record<string, unknown>, checkpoints),
      };
    },
    /** The citizen's records, the latest recorded first. */
    list(pivot: Pivot, limit: number): AccessEntry[] {
      return (page.all(pivot, limit) as Array<{ body: string }>).map(
        (r) => JSON.parse(r.body) as AccessEntry,
      );
    },
  };
}

interface ChainRow {
  offset: number;
  previous_hash: string | null;
  hash: string | null;
  content: string;
}

export type AccessLogPartition = ReturnType<typeof accessLogPartition>;

/** A citizen's records, whichever partition holds them (the pivot's, in practice only one). */
export function accessLogStore(
  partitions: () => AccessLogPartition[],
  checkpoints: (partition: number) => KnownCheckpoint[] = () => [],
) {
  return {
    /** One of the citizen's records with its chain proof; undefined when it is not theirs. */
    proof(pivot: Pivot, accessId: string): AccessProof | undefined {
      let found: AccessProof | undefined;
      partitions().forEach((p, partition) => {
        found ??= p.proof(pivot, accessId, partition, checkpoints(partition));
      });
      return found;
    },
    list(pivot: Pivot, limit: number): AccessEntry[] {
      const all = partitions().flatMap((p) => p.list(pivot, limit));
      // Stable: records of one partition keep their order within a millisecond.
      return all
        .sort((a, b) => Date.parse(b.recordedAt) - Date.parse(a.recordedAt))
        .slice(0, limit);
    },
  };
}

export type AccessLogStore = ReturnType<typeof accessLogStore>;
