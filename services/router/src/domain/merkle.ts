// The access log's Merkle tree, per partition, as RFC 6962 §2.1 (and RFC 9162 §2.1) define it:
// leaf hash SHA-256(0x00 ‖ leaf), node hash SHA-256(0x01 ‖ left ‖ right), the tree over leaves
// [0, n) split at the largest power of two below n. Leaf i is the record at offset i of the
// partition. What is kept to go on appending is the tree's frontier: the roots of the perfect
// subtrees that make up [0, n) (at most log2 n hashes); a checkpoint carries it, so a verifier can
// go on from a checkpoint without reading the records before it. Pure: hashes in, hashes out.
import { createHash } from 'node:crypto';

export type Hash = Buffer;

export const leafHash = (data: string | Uint8Array): Hash =>
  createHash('sha256')
    .update(Buffer.from([0]))
    .update(data)
    .digest();

export const nodeHash = (left: Hash, right: Hash): Hash =>
  createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();

/** SHA-256 of nothing: the root of the empty tree (RFC 6962 §2.1). */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

const largestPowerOfTwoBelow = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/** MTH(D[n]) of a list of leaf hashes. */
export function treeRoot(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0] as Hash;
  const k = largestPowerOfTwoBelow(leaves.length);
  return nodeHash(treeRoot(leaves.slice(0, k)), treeRoot(leaves.slice(k)));
}

/**
 * The perfect subtrees covering [0, size), largest (leftmost) first: one per bit set in `size`.
 * Appending a leaf merges the trailing subtrees of equal size, as a binary counter carries.
 */
export interface Frontier {
  size: number;
  /** Roots of the perfect subtrees, leftmost first. */
  hashes: Hash[];
}

export const emptyFrontier = (): Frontier => ({ size: 0, hashes: [] });

/** The frontier after one more leaf (a new object; `f` is left as it was). */
export function appendLeaf(f: Frontier, leaf: Hash): Frontier {
  const hashes = [...f.hashes];
  let carried = leaf;
  // Each trailing 1 bit of the size is a perfect subtree of the new leaf's height: merge it.
  for (let size = f.size; size & 1; size >>= 1) carried = nodeHash(hashes.pop() as Hash, carried);
  hashes.push(carried);
  return { size: f.size + 1, hashes };
}

/** The tree head of the frontier's leaves: the subtrees folded from the right. */
export function frontierRoot(f: Frontier): Hash {
  if (f.hashes.length === 0) return EMPTY_ROOT;
  let root = f.hashes[f.hashes.length - 1] as Hash;
  for (let i = f.hashes.length - 2; i >= 0; i -= 1) root = nodeHash(f.hashes[i] as Hash, root);
  return root;
}

/** Whether the frontier has as many subtrees as its size has bits set (a well-formed one). */
export const frontierFits = (f: Frontier): boolean =>
  f.size >= 0 && Number.isInteger(f.size) && f.hashes.length === popcount(f.size);

function popcount(n: number): number {
  let c = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) c += x % 2;
  return c;
}

/**
 * The hash of a perfect subtree: `level` is its height (0: a leaf), `index` its position among
 * the subtrees of that height (leaves [index·2^level, (index+1)·2^level)). Undefined when the
 * caller does not hold it.
 */
export type PerfectNode = (level: number, index: number) => Hash | undefined;

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

/** MTH(D[start : start+size]) from perfect subtrees (start is a multiple of the split's powers). */
function subtree(start: number, size: number, node: PerfectNode): Hash {
  if (isPowerOfTwo(size) && start % size === 0) {
    const h = node(Math.log2(size), start / size);
    if (!h) throw new Error(`merkle: missing the subtree of leaves [${start}, ${start + size})`);
    return h;
  }
  const k = largestPowerOfTwoBelow(size);
  return nodeHash(subtree(start, k, node), subtree(start + k, size - k, node));
}

/** RFC 9162 §2.1.3.1: the inclusion proof (audit path) of leaf `index` in the tree of `size`. */
export function inclusionProof(index: number, size: number, node: PerfectNode): Hash[] {
  if (index < 0 || index >= size) throw new Error(`merkle: leaf ${index} not in a tree of ${size}`);
  const path: Hash[] = [];
  let start = 0;
  let m = index;
  let n = size;
  // PATH(m, D[n]) walked from the root down; the siblings collected deepest first.
  const down: Hash[] = [];
  while (n > 1) {
    const k = largestPowerOfTwoBelow(n);
    if (m < k) {
      down.push(subtree(start + k, n - k, node));
      n = k;
    } else {
      down.push(subtree(start, k, node));
      start += k;
      m -= k;
      n -= k;
    }
  }
  for (let i = down.length - 1; i >= 0; i -= 1) path.push(down[i] as Hash);
  return path;
}

/** RFC 9162 §2.1.3.2: does `proof` lead from the leaf at `index` to `root` in a tree of `size`? */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Hash,
  proof: readonly Hash[],
  root: Hash,
): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/**
 * The perfect subtrees a new leaf completes: (level, index, hash) for the leaf itself and each
 * subtree it closes. What a store keeps to answer `inclusionProof` without every leaf in memory.
 */
export function completedNodes(
  f: Frontier,
  leaf: Hash,
): Array<{ level: number; index: number; hash: Hash }> {
  const out = [{ level: 0, index: f.size, hash: leaf }];
  let carried = leaf;
  let level = 0;
  let index = f.size;
  const hashes = [...f.hashes];
  for (let size = f.size; size & 1; size >>= 1) {
    carried = nodeHash(hashes.pop() as Hash, carried);
    level += 1;
    index = Math.floor(index / 2);
    out.push({ level, index, hash: carried });
  }
  return out;
}

export const toHex = (h: Hash): string => h.toString('hex');
export const fromHex = (s: string): Hash => Buffer.from(s, 'hex');
