// OAuth 2.0 client credentials with `private_key_jwt` client authentication (RFC 7523, as
// France's state APIs do): an agency signs a short assertion with its own key, the gateway
// answers a 5-minute access token. No shared secret ever leaves an agency.
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import type { AgencyId } from '@relais/contracts';
import type { AgencyPrincipal } from '../domain/agency.ts';
import { gatewayErrors } from '../errors.ts';
import type { AgencyPublicKey } from './keys.ts';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const MAX_ASSERTION_LIFETIME_S = 300;
/** How far ahead of the gateway's clock an assertion's `iat` or `nbf` may be (clocks drift). */
export const DEFAULT_CLOCK_SKEW_S = 60;

export interface TokenServiceOptions {
  agencies: Map<AgencyId, AgencyPrincipal>;
  publicKeys: Map<string, AgencyPublicKey>;
  /** HS256 secret of the access tokens (≥ 32 bytes). */
  secret: Uint8Array;
  /** The audience an assertion must name: the token endpoint URL or `relais-gateway`. */
  audiences: string[];
  /** Remembers a jti until it expires; false when already seen (replay), on any instance. */
  rememberJti: (jti: string, expiresAtMs: number) => boolean | Promise<boolean>;
  now: () => Date;
  accessTokenTtlSeconds?: number;
  /** Tolerated clock difference with an agency, in seconds (`iat`, `nbf`, `exp`); default 60. */
  clockSkewSeconds?: number;
}

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

function reason(err: unknown, skew = DEFAULT_CLOCK_SKEW_S): string {
  if (err instanceof joseErrors.JWTExpired) return 'expired';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature does not verify';
  if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'nbf')
    return `nbf is in the future (more than ${skew} s ahead): not valid yet`;
  if (err instanceof joseErrors.JWTClaimValidationFailed)
    return `claim ${err.claim}: ${err.reason}`;
  return 'malformed';
}

/** Access tokens verified lately, kept until they expire (at most this many). */
const VERIFIED_TOKENS = 10_000;

export function tokenService(opts: TokenServiceOptions) {
  const ttl = opts.accessTokenTtlSeconds ?? 300;
  const skew = opts.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_S;
  // The HS256 key imported once: jose imports a raw secret again on every call.
  const accessKey = crypto.subtle.importKey(
    'raw',
    opts.secret as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  // An agency sends the same access token with every request of its 5 minutes: its signature is
  // checked once, then only its expiry (the gateway's own HS256 tokens, no revocation but expiry).
  // Verifying it each time was a tenth of the gateway's time per publication (docs/benchmarks.md).
  const verified = new Map<string, { agency: AgencyPrincipal; expiresAtMs: number }>();
  const remember = (token: string, agency: AgencyPrincipal, exp: number | undefined): void => {
    if (exp === undefined) return;
    if (verified.size >= VERIFIED_TOKENS) {
      const oldest = verified.keys().next();
      if (!oldest.done) verified.delete(oldest.value);
    }
    verified.set(token, { agency, expiresAtMs: exp * 1000 });
  };
  return {
    /** Verifies a client assertion; answers the access token, or throws 401 saying why. */
    async exchange(clientId: string | undefined, assertion: string): Promise<IssuedToken> {
      // Any string may be looked up: an id that is no agency's finds none.
      const agency = clientId ? opts.agencies.get(clientId as AgencyId) : undefined;
      const key = clientId ? opts.publicKeys.get(clientId) : undefined;
      if (!agency || !key) throw gatewayErrors.clientUnknown();
      let payload;
      try {
        ({ payload } = await jwtVerify(assertion, key.key, {
          algorithms: ['ES256'],
          issuer: agency.id,
          subject: agency.id,
          audience: opts.audiences,
          currentDate: opts.now(),
          clockTolerance: skew,
          requiredClaims: ['exp', 'iat', 'jti'],
        }));
      } catch (err) {
        throw gatewayErrors.assertionInvalid(reason(err, skew));
      }
      const nowS = Math.floor(opts.now().getTime() / 1000);
      // An assertion issued in the future is not yet valid: jose checks `nbf`, not `iat`.
      if (typeof payload.iat !== 'number' || payload.iat > nowS + skew) {
        throw gatewayErrors.assertionInvalid(
          `iat ${String(payload.iat)} is in the future (more than ${skew} s ahead of ${nowS})`,
        );
      }
      if ((payload.exp ?? 0) - nowS > MAX_ASSERTION_LIFETIME_S) {
        throw gatewayErrors.assertionTooLongLived(MAX_ASSERTION_LIFETIME_S);
      }
      if (!(await opts.rememberJti(`${agency.id}:${payload.jti}`, (payload.exp ?? nowS) * 1000))) {
        throw gatewayErrors.assertionReplayed();
      }
      const accessToken = await new SignJWT({ sector: agency.sector })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setIssuer('relais-gateway')
        .setSubject(agency.id)
        .setAudience('relais-gateway')
        .setIssuedAt(nowS)
        .setExpirationTime(nowS + ttl)
        .sign(await accessKey);
      return {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: ttl,
        scope: 'events inbox webhooks',
      };
    },

    /** Verifies an access token; answers the agency, or throws 401 saying why. */
    async verify(token: string): Promise<AgencyPrincipal> {
      const now = opts.now();
      const known = verified.get(token);
      // jose's rule, without its tolerance: expired once exp <= now in whole seconds.
      if (known && known.expiresAtMs > now.getTime()) return known.agency;
      if (known) verified.delete(token);
      try {
        const { payload } = await jwtVerify(token, await accessKey, {
          algorithms: ['HS256'],
          issuer: 'relais-gateway',
          audience: 'relais-gateway',
          currentDate: now,
        });
        const agency = opts.agencies.get(String(payload.sub) as AgencyId);
        if (!agency) throw new Error('unknown agency');
        remember(token, agency, payload.exp);
        return agency;
      } catch (err) {
        throw gatewayErrors.accessTokenInvalid(reason(err));
      }
    },
  };
}

export type TokenService = ReturnType<typeof tokenService>;
