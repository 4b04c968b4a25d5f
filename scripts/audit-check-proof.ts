// npm run audit:check-proof -- <proof.json | -> [--jwks <file or URL>]
//
// Checks one access record's proof with Relais' public key alone (dec-036): the proof as the
// consent service hands it (GET /v1/me/access-log/<accessId>/proof, which the portal offers to
// download), the key from the consent service's GET /v1/access-log/jwks (or a file). Says whether
// the checkpoint is signed by Relais, whether the record's content hashes to its leaf, and whether
// its audit path leads to the checkpoint's tree head; exits 1 otherwise. Reads nothing else: no
// Kafka, no database.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { JWK } from 'jose';
import { checkCheckpoint } from '@relais/router/checkpoint-key';
import { checkInclusion, type InclusionClaim } from '@relais/router/inclusion';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    jwks: {
      type: 'string',
      default: `${process.env['CONSENT_URL'] ?? 'http://127.0.0.1:8082'}/v1/access-log/jwks`,
    },
  },
});
const source = positionals[0];
if (!source) {
  console.error('usage: npm run audit:check-proof -- <proof.json | -> [--jwks <file or URL>]');
  process.exit(2);
}

async function keys(from: string): Promise<{ keys: JWK[] }> {
  if (/^https?:\/\//.test(from)) {
    const res = await fetch(from);
    if (!res.ok) throw new Error(`${from}: ${res.status}`);
    return (await res.json()) as { keys: JWK[] };
  }
  const json = JSON.parse(readFileSync(from, 'utf8')) as JWK | { keys: JWK[] };
  return 'keys' in json ? json : { keys: [json] };
}

const proof = JSON.parse(readFileSync(source === '-' ? 0 : source, 'utf8')) as {
  link?: { content?: Record<string, unknown> };
  inclusion?: (InclusionClaim & { checkpoint: string }) | null;
};
const content = proof.link?.content;
if (!content || !proof.inclusion) {
  console.error(
    '✗ no inclusion proof in this file (no checkpoint covered the record yet: fetch it again in a minute)',
  );
  process.exit(1);
}
const checked = await checkCheckpoint(proof.inclusion.checkpoint, await keys(values.jwks));
const line = (ok: boolean, text: string) => console.log(`${ok ? '✓' : '✗'} ${text}`);
line(checked?.signature === 'valid', "the checkpoint is signed with Relais' key");
if (!checked) process.exit(1);
const result = checkInclusion(content, proof.inclusion, checked.body);
line(
  result.leaf,
  `the record's content hashes to its leaf ${proof.inclusion.leafHash.slice(0, 16)}…`,
);
line(
  result.size,
  `the checkpoint covers ${checked.body.treeSize} records of ${checked.body.log}/${checked.body.partition}`,
);
line(
  result.path,
  `its audit path (${proof.inclusion.auditPath.length} hashes) leads from leaf ${proof.inclusion.leafIndex} to the signed root ${checked.body.rootHash.slice(0, 16)}…`,
);
const ok = checked.signature === 'valid' && result.valid;
console.log(
  ok
    ? `the record is in the access log Relais signed at ${checked.body.issuedAt}`
    : 'the proof does not hold',
);
process.exitCode = ok ? 0 : 1;
