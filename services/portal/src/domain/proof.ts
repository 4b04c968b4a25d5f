// Checking one access record's hash-chain proof (dec-015), as the consent service hands it: its
// content recomputes to its hash, its previousHash is the hash of the record before it, the record
// after it links to it. The same formula as the router and `npm run audit:verify`. Pure.
import { chainHash } from '@relais/router/chain';

export interface AccessProofInput {
  link: {
    partition: number;
    offset: number;
    previousHash: string | null;
    hash: string | null;
    content: Record<string, unknown>;
  };
  previous: { offset: number; hash: string | null } | null;
  next: { offset: number; previousHash: string | null } | null;
  head: { offset: number; hash: string | null };
  /** The record's RFC 6962 audit path to a signed checkpoint (dec-036); null until one covers it. */
  inclusion?: {
    leafIndex: number;
    treeSize: number;
    leafHash: string;
    auditPath: string[];
    checkpoint: string;
  } | null;
}

/** The check of a record's inclusion in a checkpoint Relais signed (adapters/inclusion.ts). */
export interface InclusionView {
  /** The checkpoint's signature verifies with Relais' public key. */
  signed: Check;
  /** The record's content hashes to its leaf. */
  leaf: Check;
  /** The audit path leads from the leaf to the signed tree head. */
  path: Check;
  valid: boolean;
  treeSize: number;
  pathLength: number;
  /** When Relais signed the checkpoint (RFC 3339). */
  issuedAt: string | null;
}

export type Check = 'ok' | 'bad' | 'none';

export interface ProofCheck {
  /** False for a record written before the chain existed (no hash at all). */
  chained: boolean;
  content: Check;
  /** 'none': the first record of the partition. */
  previous: Check;
  /** 'none': the latest record for now. */
  next: Check;
  valid: boolean;
  /** What was hashed, as the citizen can hash it again: previousHash, \n, canonical JSON. */
  canonical: string;
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

export function checkProof(proof: AccessProofInput): ProofCheck {
  const { link } = proof;
  const canonical = canonicalJson(link.content);
  if (!link.hash) {
    return {
      chained: false,
      content: 'none',
      previous: 'none',
      next: 'none',
      valid: false,
      canonical,
    };
  }
  const content: Check =
    chainHash({ ...link.content, previousHash: link.previousHash }) === link.hash &&
    link.content['previousHash'] === link.previousHash
      ? 'ok'
      : 'bad';
  const previous: Check =
    proof.previous === null
      ? link.previousHash === null
        ? 'none'
        : 'bad'
      : proof.previous.hash === link.previousHash && proof.previous.offset === link.offset - 1
        ? 'ok'
        : // The record before was written before the chain existed: this one starts it.
          proof.previous.hash === null && link.previousHash === null
          ? 'none'
          : 'bad';
  const next: Check =
    proof.next === null
      ? proof.head.offset === link.offset && proof.head.hash === link.hash
        ? 'none'
        : 'bad'
      : proof.next.previousHash === link.hash && proof.next.offset === link.offset + 1
        ? 'ok'
        : 'bad';
  return {
    chained: true,
    content,
    previous,
    next,
    valid: content === 'ok' && previous !== 'bad' && next !== 'bad',
    canonical,
  };
}
