// The credentials that may write to the registry: the operator token (`operator.token`) and the
// contract stewards' token (`steward.token`), both in the keys folder. Confluent's clients send
// them the two ways they can: `Authorization: Bearer <token>` (bearer.auth.credentials.source=
// STATIC_TOKEN) or HTTP Basic (basic.auth.credentials.source=USER_INFO, basic.auth.user.info=
// steward:<token>), the user naming the role. Compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readSecret } from '@relais/kit';
import type { Writer } from '../domain/write-policy.ts';

export interface WriterTokens {
  operator: string;
  /** Unset: no steward may write (only the operator). */
  steward?: string | undefined;
}

export type Credential = { ok: true; writer: Writer } | { ok: false; why: string };

/** Reads `operator.token` (required) and `steward.token` (optional) from the keys folder. */
export function loadWriterTokens(keysDir: string): WriterTokens {
  const file = (name: string) => path.join(keysDir, name);
  if (!existsSync(file('operator.token'))) {
    throw new Error(
      `registry: ${file('operator.token')} is missing; every write needs the operator's or a steward's token (npm run agencies:keys creates development keys)`,
    );
  }
  return {
    operator: readSecret(keysDir, 'operator.token'),
    steward: existsSync(file('steward.token')) ? readSecret(keysDir, 'steward.token') : undefined,
  };
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
const same = (given: string, expected: string | undefined): boolean =>
  expected !== undefined && expected.length > 0 && timingSafeEqual(digest(given), digest(expected));

/** Which writer an `Authorization` header stands for, or why none. */
export function writerOf(authorization: string | undefined, tokens: WriterTokens): Credential {
  if (!authorization) return { ok: false, why: 'authorization: required to change the registry' };
  const [scheme = '', value = ''] = authorization.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) {
    if (same(value, tokens.operator)) return { ok: true, writer: 'operator' };
    if (same(value, tokens.steward)) return { ok: true, writer: 'steward' };
    return { ok: false, why: "authorization: expected the operator's or a steward's token" };
  }
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? '' : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    if (user === 'operator' && same(password, tokens.operator))
      return { ok: true, writer: 'operator' };
    if (user === 'steward' && same(password, tokens.steward))
      return { ok: true, writer: 'steward' };
    return {
      ok: false,
      why: 'authorization: expected Basic operator:<operator token> or steward:<steward token>',
    };
  }
  return { ok: false, why: 'authorization: expected the Bearer or Basic scheme' };
}
