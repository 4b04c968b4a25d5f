// Citizen access tokens. DEVELOPMENT ISSUER: in production the citizen signs in with
// FranceConnect, whose pairwise `sub` is the citizen's pseudonym in sector `portal` (same idea
// as our sector pseudonyms); here, `POST /v1/dev/citizen-token` mints an equivalent HS256 token
// for a given portal pseudonym so the demo and tests can act as a citizen. The verifier is the
// same either way: a valid token, then `sub` → pivot through the pseudonym directory.
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { asPseudonym, type PseudonymDirectory } from '@relais/identity';
import { errors } from '../errors.ts';
import type { Citizen } from './types.ts';

export const PORTAL_SECTOR = 'portal';
export const DEV_TOKEN_ISSUER = 'relais-consent-dev';
export const PORTAL_AUDIENCE = 'relais-portal';
const TTL_SECONDS = 900;

export interface CitizenTokensOptions {
  /** HS256 secret of the development tokens (≥ 32 bytes). */
  secret: string;
  directory: Pick<PseudonymDirectory, 'resolve'>;
  now: () => Date;
}

export interface IssuedCitizenToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

function reason(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'expired';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature does not verify';
  if (err instanceof joseErrors.JWTClaimValidationFailed)
    return `claim ${err.claim}: ${err.reason}`;
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm not allowed (HS256 only)';
  return 'malformed';
}

export function citizenTokens(opts: CitizenTokensOptions) {
  const key = new TextEncoder().encode(opts.secret);
  if (key.length < 32) throw new Error('the citizen token secret must be at least 32 bytes');
  return {
    /** Development only: a 15-minute token whose `sub` is the given portal pseudonym. */
    async issue(pseudonym: string): Promise<IssuedCitizenToken> {
      const nowS = Math.floor(opts.now().getTime() / 1000);
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setIssuer(DEV_TOKEN_ISSUER)
        .setAudience(PORTAL_AUDIENCE)
        .setSubject(pseudonym)
        .setIssuedAt(nowS)
        .setExpirationTime(nowS + TTL_SECONDS)
        .sign(key);
      return { access_token: token, token_type: 'Bearer', expires_in: TTL_SECONDS };
    },

    /** The citizen behind a token, or 401 saying why. */
    async verify(token: string): Promise<Citizen> {
      let sub: string | undefined;
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: DEV_TOKEN_ISSUER,
          audience: PORTAL_AUDIENCE,
          currentDate: opts.now(),
          requiredClaims: ['sub', 'exp'],
        });
        sub = payload.sub;
      } catch (err) {
        throw errors.invalidToken(reason(err));
      }
      const pivot = sub ? opts.directory.resolve(PORTAL_SECTOR, sub) : undefined;
      if (!sub || !pivot) {
        throw errors.unknownCitizen();
      }
      return { pivot, pseudonym: asPseudonym(sub) };
    },
  };
}

export type CitizenTokens = ReturnType<typeof citizenTokens>;
