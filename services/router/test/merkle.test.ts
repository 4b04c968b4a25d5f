// The access log's Merkle tree (RFC 6962 §2.1, RFC 9162 §2.1): roots from the frontier, audit
// paths from perfect subtrees, and their verification.
import { describe, expect, it } from 'vitest';
import {
  appendLeaf,
  completedNodes,
  EMPTY_ROOT,
  emptyFrontier,
  frontierRoot,
  inclusionProof,
  leafHash,
  toHex,
  treeRoot,
  verifyInclusion,
  type Frontier,
  type Hash,
} from '../src/domain/merkle.ts';

function build(n: number) {
  const leaves = Array.from({ length: n }, (_, i) => leafHash(`record ${i}`));
  const nodes = new Map<string, Hash>();
  let f: Frontier = emptyFrontier();
  for (const l of leaves) {
    for (const c of completedNodes(f, l)) nodes.set(`${c.level}/${c.index}`, c.hash);
    f = appendLeaf(f, l);
  }
  return { leaves, f, node: (level: number, index: number) => nodes.get(`${level}/${index}`) };
}

describe('merkle tree', () => {
  it('has the empty root and leaf/node prefixes of RFC 6962', () => {
    expect(toHex(EMPTY_ROOT)).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    // SHA-256(0x00) — the hash of the empty leaf.
    expect(toHex(leafHash(''))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
  });

  it('computes the same root from the frontier as from every leaf, at every size', () => {
    for (let n = 0; n <= 40; n += 1) {
      const { leaves, f } = build(n);
      expect(toHex(frontierRoot(f))).toBe(toHex(treeRoot(leaves)));
    }
  });

  it('proves every leaf of every tree up to 33 leaves, and refuses what it does not prove', () => {
    for (let n = 1; n <= 33; n += 1) {
      const { leaves, node } = build(n);
      const root = treeRoot(leaves);
      for (let m = 0; m < n; m += 1) {
        const proof = inclusionProof(m, n, node);
        expect(verifyInclusion(m, n, leaves[m]!, proof, root)).toBe(true);
        expect(verifyInclusion(m, n, leafHash('forged'), proof, root)).toBe(false);
        if (n > 1) expect(verifyInclusion((m + 1) % n, n, leaves[m]!, proof, root)).toBe(false);
      }
    }
  });

  it('proves a leaf against an earlier tree size than the one held', () => {
    const { leaves, node } = build(20);
    const root13 = treeRoot(leaves.slice(0, 13));
    expect(verifyInclusion(5, 13, leaves[5]!, inclusionProof(5, 13, node), root13)).toBe(true);
  });
});
