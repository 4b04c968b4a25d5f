// Checks a record's inclusion proof as anyone could (dec-036): the checkpoint's signature with
// Relais' public key (the consent service's GET /v1/access-log/jwks), the record's leaf, its audit
// path to the signed tree head (RFC 9162 §2.1.3.2). The same code as `npm run audit:check-proof`.
import type { JWK } from 'jose';
import { checkCheckpoint } from '@relais/router/checkpoint-key';
import { checkInclusion } from '@relais/router/inclusion';
import type { AccessProofInput, Check, InclusionView } from '../domain/proof.ts';

const as = (ok: boolean): Check => (ok ? 'ok' : 'bad');

export async function inclusionView(
  proof: AccessProofInput,
  keys: { keys: Array<Record<string, unknown>> },
): Promise<InclusionView | null> {
  const claim = proof.inclusion;
  if (!claim) return null;
  const checked = await checkCheckpoint(claim.checkpoint, keys as { keys: JWK[] });
  if (!checked)
    return {
      signed: 'bad',
      leaf: 'bad',
      path: 'bad',
      valid: false,
      treeSize: claim.treeSize,
      pathLength: claim.auditPath.length,
      issuedAt: null,
    };
  const r = checkInclusion(proof.link.content, claim, checked.body);
  const signed = checked.signature === 'valid';
  return {
    signed: as(signed),
    leaf: as(r.leaf),
    path: as(r.path && r.size),
    valid: signed && r.valid,
    treeSize: checked.body.treeSize,
    pathLength: claim.auditPath.length,
    issuedAt: checked.body.issuedAt,
  };
}
