// An inbox cursor: where an agency stands in its deliveries topic, the same on every gateway
// instance (dec-046). It is, per partition of relais.deliveries.<agency>, the next offset not yet
// read; agencies see an opaque string (base64url), compare it with nothing and hand it back.
// `0` (what clients start with) and an absent cursor are the beginning of every partition.

/** Per partition (index = partition number): the next offset to read. */
export type OffsetVector = readonly number[];

const VERSION = 'r1';
const MAX_PARTITIONS = 1024;

/** The opaque string of a vector (trailing zeros kept: the partition count stays visible). */
export function encodeCursor(vector: OffsetVector): string {
  return Buffer.from(`${VERSION}:${vector.join('.')}`, 'utf8').toString('base64url');
}

/** The vector of a cursor this gateway returned; undefined when it is not one. */
export function decodeCursor(cursor: string | undefined): OffsetVector | undefined {
  if (cursor === undefined || cursor === '' || cursor === '0') return [];
  if (!/^[A-Za-z0-9_-]{1,8192}$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^r1:((?:0|[1-9][0-9]{0,15})(?:\.(?:0|[1-9][0-9]{0,15}))*)$/.exec(text);
  if (!match?.[1]) return undefined;
  const vector = match[1].split('.').map(Number);
  if (vector.length > MAX_PARTITIONS || !vector.every(Number.isSafeInteger)) return undefined;
  return vector;
}

/** Offset `p` of a vector (a partition it does not name: the beginning). */
export const at = (vector: OffsetVector, partition: number): number => vector[partition] ?? 0;

/** Partition by partition, the further of the two, over `partitions` partitions. */
export function furthest(a: OffsetVector, b: OffsetVector, partitions: number): number[] {
  return Array.from({ length: partitions }, (_, p) => Math.max(at(a, p), at(b, p)));
}

/** Whether `a` is at or past `b` on every partition. */
export function covers(a: OffsetVector, b: OffsetVector): boolean {
  const n = Math.max(a.length, b.length);
  for (let p = 0; p < n; p += 1) if (at(a, p) < at(b, p)) return false;
  return true;
}
