// The keys directory: created on first start with private files, read back on the next one (the
// same keys sign, the same kid is published).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestIdp } from './support/fixtures.ts';

const root = mkdtempSync(path.join(tmpdir(), 'relais-idp-keys-'));

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function kids(dir: string): Promise<string[]> {
  const t = await startTestIdp(dir);
  try {
    const jwks = (await (await fetch(`${t.idp.issuer}/jwks`)).json()) as {
      keys: { kid: string }[];
    };
    return jwks.keys.map((k) => k.kid);
  } finally {
    await t.stop();
  }
}

describe('keys directory', () => {
  it('is created on first start, private, and reused afterwards', async () => {
    const dir = path.join(root, 'nested', 'keys');
    const first = await kids(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of ['signing-keys.json', 'pairwise-secret']) {
      expect(statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
    }
    const stored = JSON.parse(readFileSync(path.join(dir, 'signing-keys.json'), 'utf8')) as {
      keys: { alg: string; kty: string; crv?: string; kid: string }[];
    };
    expect(stored.keys.map((k) => [k.alg, k.kty, k.crv])).toEqual([
      ['ES256', 'EC', 'P-256'],
      ['RS256', 'RSA', undefined],
    ]);
    expect(await kids(dir)).toEqual(first);
    expect(first).toEqual(stored.keys.map((k) => k.kid));
  });
});
