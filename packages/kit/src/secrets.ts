// Secrets kept as files in a keys folder (infra/agencies/.keys in development): the pseudonym
// key, the operator token, token-signing secrets. Read once at start-up, trimmed.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function readSecret(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8').trim();
}

/** A secret file named by a path (a configuration variable), trimmed; empty is refused. */
export function readSecretFile(file: string): string {
  const secret = readFileSync(file, 'utf8').trim();
  if (!secret) throw new Error(`${file}: expected a secret, the file is empty`);
  return secret;
}
