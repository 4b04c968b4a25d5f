// The access log's tamper evidence: each record carries the hash of the previous record of its
// partition and its own hash over that and its content. Editing, removing, inserting or
// reordering a record breaks a link that verifyChain() names. Pure.
import { createHash } from 'node:crypto';

export interface ChainedRecord {
  previousHash: string | null;
  hash: string | null;
  [field: string]: unknown;
}

/** Canonical JSON: keys sorted at every depth, dates as RFC 3339 strings, undefined as null. */
export function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** sha256(previousHash ‖ canonical JSON of every field but `hash`), hex. */
export function chainHash(record: Omit<ChainedRecord, 'hash'> & { hash?: unknown }): string {
  const { hash: _ignored, ...content } = record;
  return createHash('sha256')
    .update(`${record.previousHash ?? ''}\n${canonical(content)}`)
    .digest('hex');
}

export interface ChainProblem {
  /** Where, as the caller names positions (e.g. `relais.access-log/1@42`). */
  at: string;
  kind: 'edited' | 'removed' | 'inserted' | 'reordered' | 'broken-link';
  message: string;
}

/**
 * Verifies one partition's records in log order. `start`: the chain hash the first record must
 * link to (null: the partition's first record; from a checkpoint when the log starts later).
 */
export function verifyChain(
  records: Array<{ at: string; record: ChainedRecord }>,
  start: string | null = null,
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  const byHash = new Map<string, number>();
  records.forEach((r, i) => {
    if (r.record.hash) byHash.set(r.record.hash, i);
  });
  let previous: string | null = start;
  records.forEach(({ at, record }, i) => {
    if (chainHash(record) !== record.hash) {
      problems.push({
        at,
        kind: 'edited',
        message: `${at}: the content does not match its hash (edited)`,
      });
    }
    if (record.previousHash !== previous) {
      const linked = record.previousHash ? byHash.get(record.previousHash) : undefined;
      let kind: ChainProblem['kind'] = 'broken-link';
      let where = at;
      if (linked === undefined) kind = 'removed';
      else if (linked > i) kind = 'reordered';
      else if (linked < i - 1) {
        // This record links past the ones just before it: those were inserted.
        kind = 'inserted';
        where = records[linked + 1]?.at ?? at;
      }
      const what = {
        inserted: 'this record is not part of the chain (inserted)',
        removed: 'a record before this one is missing (removed)',
        reordered: 'this record is out of order (reordered)',
        'broken-link': 'the link to the previous record is broken',
        edited: '',
      }[kind];
      problems.push({
        at: where,
        kind,
        message: `${where}: previousHash does not match the record before it — ${what}`,
      });
    }
    previous = record.hash;
  });
  return problems;
}
