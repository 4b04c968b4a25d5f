// Checking that one access record is in the log Relais signed (dec-036), with what a citizen is
// handed: the record's content as hashed, its audit path, and a checkpoint whose signature the
// caller checked with Relais' public key. Pure; the procedure docs/security.md writes out.
import { canonical } from './chain.ts';
import type { CheckpointBody } from './checkpoint.ts';
import { fromHex, leafHash, toHex, verifyInclusion } from './merkle.ts';

export interface InclusionClaim {
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  auditPath: string[];
}

export interface InclusionCheck {
  /** SHA-256(0x00 ‖ canonical JSON of the content) is the leaf hash given. */
  leaf: boolean;
  /** The checkpoint is about this tree size. */
  size: boolean;
  /** The audit path leads from the leaf to the checkpoint's root (RFC 9162 §2.1.3.2). */
  path: boolean;
  valid: boolean;
}

export function checkInclusion(
  content: Record<string, unknown>,
  claim: InclusionClaim,
  checkpoint: CheckpointBody,
): InclusionCheck {
  const leaf = leafHash(canonical(content));
  const leafOk = toHex(leaf) === claim.leafHash;
  const size = checkpoint.treeSize === claim.treeSize;
  const hex = (s: string) => /^[0-9a-f]{64}$/.test(s);
  const path =
    claim.auditPath.every(hex) &&
    verifyInclusion(
      claim.leafIndex,
      checkpoint.treeSize,
      leaf,
      claim.auditPath.map(fromHex),
      fromHex(checkpoint.rootHash),
    );
  return { leaf: leafOk, size, path, valid: leafOk && size && path };
}
