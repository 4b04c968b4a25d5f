// The access log's tamper evidence: each record carries the hash of the previous record of its
// partition and its own hash over that and its content. Editing, removing, inserting or
// reordering a record breaks a link that verifyChain() names. Pure.
import { createHash } from 'node:crypto';

export interface ChainedRecord {
  previousHash: string | null;
  hash: string | null;
  [field: string]: unknown;
}

/** Keys as JSON strings, made once each (the access records' keys are few and always the same). */
const quotedKeys = new Map<string, string>();
const quoted = (key: string): string => {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, q);
  }
  return q;
};

/**
 * Canonical JSON: keys sorted at every depth, dates as RFC 3339 strings, undefined as null.
 * Built by concatenation, without intermediate arrays: it runs three times per routed event.
 */
export function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return `"${value.toISOString()}"`;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) out += (i ? ',' : '') + canonical(value[i]);
    return `${out}]`;
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as string;
    out += `${i ? ',' : ''}${quoted(key)}:${canonical((value as Record<string, unknown>)[key])}`;
  }
  return `${out}}`;
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
