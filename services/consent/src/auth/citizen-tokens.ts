// Citizen access tokens. In the default configuration a citizen reaches the consent service and
// the notifier only through the portal: it signs the citizen in the FranceConnect way (OpenID
// Connect), keeps the session, and calls these services with a short-lived ES256 token it signs
// (`iss: relais-portal`, `aud` the service, `sub` the citizen's portal pseudonym, `acr` the eIDAS
// level of the sign-in). Its public key is read from the shared keys folder
// (`portal-token.public.jwk.json`) or from the portal's JWKS URL.
//
// DEVELOPMENT ISSUER, off unless asked (`dev`): `POST /v1/dev/citizen-token` mints an HS256 token
// for a given portal pseudonym so tests and benches can act as a citizen without a browser.
//
// Either way the verifier then resolves `sub` → pivot through the pseudonym directory.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import { asPseudonym, type PseudonymDirectory } from '@relais/identity';
import { errors } from '../errors.ts';
import type { Citizen, EidasLevel } from './types.ts';

export const PORTAL_SECTOR = 'portal';
/** The portal, signer of the citizens' access tokens. */
export const PORTAL_TOKEN_ISSUER = 'relais-portal';
/** Where the portal keeps its token key pair in a keys folder. */
export const PORTAL_TOKEN_PRIVATE_KEY_FILE = 'portal-token.private.jwk.json';
export const PORTAL_TOKEN_PUBLIC_KEY_FILE = 'portal-token.public.jwk.json';
/** Each service is its own audience: a token for the notifier is refused by the consent service. */
export const CITIZEN_AUDIENCES = {
  consent: 'relais-consent',
  notifier: 'relais-notifier',
} as const;
export type CitizenAudience = (typeof CITIZEN_AUDIENCES)[keyof typeof CITIZEN_AUDIENCES];

export const DEV_TOKEN_ISSUER = 'relais-consent-dev';
export const PORTAL_AUDIENCE = 'relais-portal';
const DEV_TTL_SECONDS = 900;
const EIDAS = ['eidas1', 'eidas2', 'eidas3'] as const;

/** Where the portal's public key comes from. */
export interface PortalKeySource {
  /** A keys folder holding portal-token.public.jwk.json (read again when a kid is unknown). */
  keysDir?: string | undefined;
  /** The portal's JWKS (GET <portal>/.well-known/jwks.json). */
  jwksUrl?: string | undefined;
  /** A JWK set given directly (tests). */
  jwks?: { keys: JWK[] } | undefined;
}

export interface CitizenTokensOptions {
  /** The audience this service answers to (relais-consent, relais-notifier). */
  audience: CitizenAudience;
  /** The portal's tokens: accepted whenever a key source is given. */
  portal?: PortalKeySource | undefined;
  /** HS256 secret of the development tokens (≥ 32 bytes); unset: no development token at all. */
  devSecret?: string | undefined;
  directory: Pick<PseudonymDirectory, 'resolve'>;
  now: () => Date;
}

export interface IssuedCitizenToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export function reason(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'expired';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature does not verify';
  if (err instanceof joseErrors.JWTClaimValidationFailed)
    return `claim ${err.claim}: ${err.reason}`;
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'no key of the portal matches (kid)';
  return 'malformed';
}

/** A signer's public key(s) from a keys folder, read again (at most every 5 s) on a miss. */
export function keysDirSource(
  dir: string,
  fileName = PORTAL_TOKEN_PUBLIC_KEY_FILE,
): JWTVerifyGetKey {
  let cached: JWTVerifyGetKey | undefined;
  let readAt = 0;
  const load = (): JWTVerifyGetKey | undefined => {
    const file = path.join(dir, fileName);
    readAt = Date.now();
    if (!existsSync(file)) return undefined;
    const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
    return createLocalJWKSet({ keys: [jwk] });
  };
  return async (header, token) => {
    cached ??= load();
    try {
      if (!cached) throw new joseErrors.JWKSNoMatchingKey();
      return await cached(header, token);
    } catch (err) {
      // The portal may have started (and written its key) after this service.
      if (!(err instanceof joseErrors.JWKSNoMatchingKey) || Date.now() - readAt < 5_000) throw err;
      cached = load();
      if (!cached) throw err;
      return cached(header, token);
    }
  };
}

export function portalKeys(
  source: PortalKeySource,
  fileName = PORTAL_TOKEN_PUBLIC_KEY_FILE,
): JWTVerifyGetKey {
  if (source.jwks) return createLocalJWKSet(source.jwks);
  if (source.jwksUrl) return createRemoteJWKSet(new URL(source.jwksUrl));
  if (source.keysDir) return keysDirSource(source.keysDir, fileName);
  throw new Error('citizen tokens: the portal key source needs keysDir, jwksUrl or jwks');
}

export function citizenTokens(opts: CitizenTokensOptions) {
  const devKey =
    opts.devSecret === undefined ? undefined : new TextEncoder().encode(opts.devSecret);
  if (devKey && devKey.length < 32)
    throw new Error('the development token secret must be at least 32 bytes');
  const portal = opts.portal ? portalKeys(opts.portal) : undefined;

  async function verifyPortal(token: string): Promise<{ sub?: string; acr: EidasLevel }> {
    if (!portal) throw errors.invalidToken('portal tokens are not accepted here');
    const { payload } = await jwtVerify(token, portal, {
      algorithms: ['ES256'],
      issuer: PORTAL_TOKEN_ISSUER,
      audience: opts.audience,
      currentDate: opts.now(),
      typ: 'at+jwt',
      requiredClaims: ['sub', 'exp', 'iat', 'acr'],
    });
    const acr = EIDAS.find((l) => l === payload['acr']);
    if (!acr) throw errors.invalidToken('claim acr: expected eidas1, eidas2 or eidas3');
    return { ...(payload.sub ? { sub: payload.sub } : {}), acr };
  }

  async function verifyDev(token: string): Promise<{ sub?: string; acr: EidasLevel }> {
    if (!devKey) throw errors.invalidToken('development tokens are not accepted here');
    const { payload } = await jwtVerify(token, devKey, {
      algorithms: ['HS256'],
      issuer: DEV_TOKEN_ISSUER,
      audience: PORTAL_AUDIENCE,
      currentDate: opts.now(),
      requiredClaims: ['sub', 'exp'],
    });
    // A development token stands for a substantial sign-in (tests act at any level).
    return { ...(payload.sub ? { sub: payload.sub } : {}), acr: 'eidas2' };
  }

  return {
    /** Development only: a 15-minute token whose `sub` is the given portal pseudonym. */
    async issue(pseudonym: string): Promise<IssuedCitizenToken> {
      if (!devKey) throw new Error('development tokens are off');
      const nowS = Math.floor(opts.now().getTime() / 1000);
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setIssuer(DEV_TOKEN_ISSUER)
        .setAudience(PORTAL_AUDIENCE)
        .setSubject(pseudonym)
        .setIssuedAt(nowS)
        .setExpirationTime(nowS + DEV_TTL_SECONDS)
        .sign(devKey);
      return { access_token: token, token_type: 'Bearer', expires_in: DEV_TTL_SECONDS };
    },

    /** The citizen behind a token, or 401 saying why. */
    async verify(token: string): Promise<Citizen> {
      let claims: { sub?: string; acr: EidasLevel };
      let development = false;
      try {
        let alg: unknown;
        try {
          alg = decodeProtectedHeader(token).alg;
        } catch {
          throw errors.invalidToken('malformed');
        }
        if (alg === 'ES256') claims = await verifyPortal(token);
        else if (alg === 'HS256' && devKey) {
          claims = await verifyDev(token);
          development = true;
        } else
          throw errors.invalidToken(
            `algorithm not allowed (${devKey ? 'ES256 portal tokens, HS256 development tokens' : 'ES256 portal tokens'})`,
          );
      } catch (err) {
        if (err instanceof Error && err.name === 'AppError') throw err;
        throw errors.invalidToken(reason(err));
      }
      const pivot = claims.sub ? opts.directory.resolve(PORTAL_SECTOR, claims.sub) : undefined;
      if (!claims.sub || !pivot) throw errors.unknownCitizen();
      return {
        pivot,
        pseudonym: asPseudonym(claims.sub),
        acr: claims.acr,
        ...(development ? { developmentToken: true as const } : {}),
      };
    },
  };
}

export type CitizenTokens = ReturnType<typeof citizenTokens>;
