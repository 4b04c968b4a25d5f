// A checkpoint of the access log (dec-036): for one partition, after its first `treeSize`
// records, the Merkle tree head (RFC 6962), the tree's frontier (to go on from it) and the hash
// chain's head (dec-015). Relais signs its canonical JSON (ES256, compact JWS: adapters). Leaf i of
// a partition is its record at offset i, hashed over the record as the chain hashed it: every
// field but `hash`, canonical JSON. Pure.
import { canonical } from './chain.ts';
import {
  appendLeaf,
  frontierFits,
  frontierRoot,
  fromHex,
  leafHash,
  toHex,
  type Frontier,
  type Hash,
} from './merkle.ts';

export interface CheckpointBody {
  /** The layout of this body. */
  v: 1;
  /** The access log's topic. */
  log: string;
  partition: number;
  /** How many records (offsets [0, treeSize)) the tree covers. */
  treeSize: number;
  /** MTH of those records, hex. */
  rootHash: string;
  /** Roots of the perfect subtrees covering [0, treeSize), leftmost first, hex. */
  frontier: string[];
  /** The chain hash of the record at treeSize - 1 (null: none, or written before the chain). */
  chainHead: string | null;
  /** When it was issued (RFC 3339), by the writer's clock. */
  issuedAt: string;
}

/** The JWS `typ` of a checkpoint. */
export const CHECKPOINT_TYPE = 'relais-checkpoint+jws';

/** A record's content as the chain hashed it: every field but `hash`. */
export function recordContent(record: Record<string, unknown>): Record<string, unknown> {
  const { hash: _hash, ...content } = record;
  return content;
}

/** Leaf hash of an access record (its content, canonical JSON). */
export const recordLeaf = (record: Record<string, unknown>): Hash =>
  leafHash(canonical(recordContent(record)));

/** What is signed: the body as canonical JSON. */
export const checkpointPayload = (body: CheckpointBody): string => canonical(body);

export function checkpointBody(o: {
  log: string;
  partition: number;
  frontier: Frontier;
  chainHead: string | null;
  issuedAt: Date;
}): CheckpointBody {
  return {
    v: 1,
    log: o.log,
    partition: o.partition,
    treeSize: o.frontier.size,
    rootHash: toHex(frontierRoot(o.frontier)),
    frontier: o.frontier.hashes.map(toHex),
    chainHead: o.chainHead,
    issuedAt: o.issuedAt.toISOString(),
  };
}

/** The checkpoint's frontier, when it is well formed and leads to its root. */
export function frontierOf(body: CheckpointBody): Frontier | undefined {
  const f: Frontier = { size: body.treeSize, hashes: body.frontier.map(fromHex) };
  if (!frontierFits(f) || toHex(frontierRoot(f)) !== body.rootHash) return undefined;
  return f;
}

/** Where a partition's tree stands while records are appended: what a writer keeps. */
export interface TreeState {
  frontier: Frontier;
  chainHead: string | null;
}

export const appendRecord = (
  state: TreeState,
  record: Record<string, unknown> & { hash?: unknown },
): TreeState => ({
  frontier: appendLeaf(state.frontier, recordLeaf(record)),
  chainHead: typeof record.hash === 'string' ? record.hash : null,
});

/** Reads a body back (a checkpoint from the topic or the archive); undefined when malformed. */
export function parseCheckpointBody(value: unknown): CheckpointBody | undefined {
  const b = value as Partial<CheckpointBody> | null;
  const hex = (s: unknown): s is string => typeof s === 'string' && /^[0-9a-f]{64}$/.test(s);
  if (
    !b ||
    b.v !== 1 ||
    typeof b.log !== 'string' ||
    !Number.isInteger(b.partition) ||
    !Number.isInteger(b.treeSize) ||
    (b.treeSize ?? -1) < 0 ||
    !hex(b.rootHash) ||
    !Array.isArray(b.frontier) ||
    !b.frontier.every(hex) ||
    !(b.chainHead === null || hex(b.chainHead)) ||
    typeof b.issuedAt !== 'string'
  )
    return undefined;
  return b as CheckpointBody;
}
