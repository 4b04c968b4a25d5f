// A development secret in the keys folder (an OIDC client's, for `npm start`): 32 random bytes,
// created once, readable by its owner only.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function devSecret(keysDir: string, file: string): string {
  const at = path.join(keysDir, file);
  if (!existsSync(at))
    writeFileSync(at, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  return readFileSync(at, 'utf8').trim();
}
