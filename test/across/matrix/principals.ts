// Who knocks, in the authorisation matrix: each principal and what it presents to each face of
// Relais. A principal with no credential for a face presents the one it has (an agency's token
// at the consent service, an operator's at the scrape route): a credential is never worth more
// than where it was issued for.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { CITIZEN_AUDIENCES } from '@relais/consent/auth';
import { asPseudonym } from '@relais/identity';
import { tokenSigner } from '@relais/portal';
import { csrfOf, throughProvider } from '@relais/testkit/web';
import type { Relais } from '@relais/harness';

/** Where a credential is presented: the kind of credential a route takes. */
export type Face =
  | 'agency' // the gateway's agency access token (bearer)
  | 'operator' // the operators' token (bearer) at the gateway, notifier, eligibility
  | 'registry' // the operator's or a steward's token (bearer) for registry writes
  | 'citizen' // a citizen's access token (bearer) at the consent service and the notifier
  | 'portal' // the portal's session cookie
  | 'console' // the console's session cookie
  | 'scrape' // the scrape token (bearer) at /metrics/prometheus
  | 'counter' // the counter's session cookie (France Services agents' pages)
  | 'counterApi' // a counter token (bearer) at the consent service and the notifier
  | 'open'; // what anyone may read: each principal presents its own credential anyway

export const principals = [
  'agencyA',
  'agencyB',
  'citizen1',
  'citizen2',
  'operator',
  'steward',
  'franceServices',
  // France Services agents at the counter (issue 15), each with a counter token as the counter
  // signs one (at the consent service and the notifier: their audience) and a counter session:
  'agentMandated', // Nadia (Lyon 8e), citizen 1 under M1, Lyon 8e's active mandate
  'agentNoMandate', // Nadia, citizen 1, no mandate named
  'agentOtherStructure', // Julien (Vénissieux), citizen 1 under M1 (Lyon 8e's); his session
  'agentExpired', // Nadia, citizen 1 under M2, Lyon 8e's expired mandate; her ended session
  'agentGuessing', // Nadia, citizen 2 (for whom Lyon 8e holds nothing) under M1
  'scraper',
  'anonymous',
  'forged',
  'expired',
] as const;
export type Principal = (typeof principals)[number];

/** The headers a principal sends to a route of `service` taking `face`. */
export type Credentials = Record<
  Principal,
  (face: Face, service: string) => Record<string, string> | Promise<Record<string, string>>
>;

/** The counter principals' credentials (matrix/counter.ts makes them). */
export interface CounterCredentials {
  /** A fresh counter token for the service's audience (they live two minutes). */
  token(
    principal:
      'agentMandated' | 'agentNoMandate' | 'agentOtherStructure' | 'agentExpired' | 'agentGuessing',
    service: string,
  ): Promise<string>;
  /** Agent Nadia's token for citizen 1 under M1, signed an hour ago: expired. */
  expiredToken(service: string): Promise<string>;
  sessions: { nadia: string; julien: string; nadiaEnded: string };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * A face's sign-in through the local provider as `handle`: the Cookie header it ends with — a
 * session's, or (when the face refuses who signed in, `refused`) whatever it left.
 */
export async function signIn(
  origin: string,
  handle: string,
  o: { refused?: boolean } = {},
): Promise<string> {
  const jar = new Map<string, string>();
  const get = async (url: string) => {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {},
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const i = pair.indexOf('=');
      if (!pair.slice(i + 1) || /Max-Age=0/i.test(line)) jar.delete(pair.slice(0, i));
      else jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    await res.arrayBuffer();
    return res;
  };
  const started = await get(`${origin}/login`);
  const location = started.headers.get('location');
  if (started.status !== 303 || !location) throw new Error(`${origin}/login: ${started.status}`);
  const callback = await throughProvider(new URL(location, origin).href, handle, origin);
  const back = await get(callback.href);
  if (back.status >= 400 !== Boolean(o.refused))
    throw new Error(`${origin} callback for ${handle}: ${back.status}`);
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/**
 * A session that ended: signed in as `handle`, then signed out through the face's own form. Its
 * Cookie header is what a browser left open on a shared computer would still send.
 */
export async function signedOut(origin: string, handle: string): Promise<string> {
  const cookie = await signIn(origin, handle);
  const home = await (await fetch(`${origin}/`, { headers: { cookie } })).text();
  const csrf = csrfOf(home);
  if (!csrf) throw new Error(`${origin}/: no form to sign out with`);
  const out = await fetch(`${origin}/logout`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf }).toString(),
  });
  await out.arrayBuffer();
  if (out.status !== 303) throw new Error(`${origin}/logout: ${out.status}`);
  return cookie;
}

/** The same claims (and header) signed with a key Relais never saw. */
async function forge(token: string): Promise<string> {
  const header = { ...decodeProtectedHeader(token), alg: 'HS256' };
  const claims = decodeJwt(token);
  if (decodeProtectedHeader(token).alg === 'HS256')
    return new SignJWT(claims).setProtectedHeader(header).sign(randomBytes(32));
  const { privateKey } = await generateKeyPair('ES256');
  return new SignJWT(claims).setProtectedHeader({ ...header, alg: 'ES256' }).sign(privateKey);
}

/** A session cookie of the same names, values nobody was given. */
const forgeCookie = (cookie: string): string =>
  cookie
    .split('; ')
    .map((pair) => `${pair.slice(0, pair.indexOf('='))}=${randomBytes(24).toString('base64url')}`)
    .join('; ');

export interface Sessions {
  /** `ended`: citizen 1's session after she signed out. */
  portal: { citizen1: string; citizen2: string; ended: string };
  /** `ended`: the operator's session after she signed out. */
  console: { operator: string; steward: string; franceServices: string; ended: string };
}

export async function credentialsFor(
  relais: Relais,
  tokens: { agencyA: string; agencyB: string; citizen1: string; citizen2: string },
  citizen1Pseudonym: string,
  sessions: Sessions,
  counter: CounterCredentials,
): Promise<Credentials> {
  const operator = relais.operatorToken();
  const steward = readFileSync(path.join(relais.keysDir, 'steward.token'), 'utf8').trim();
  const forgedAgency = await forge(tokens.agencyA);
  const forgedCitizen = await forge(tokens.citizen1);
  // Tokens that were Relais' own, signed with its keys, an hour past their expiry.
  const hourAgo = { now: () => new Date(relais.clock.now().getTime() - 3_600_000) };
  const pastSigner = await tokenSigner(relais.keysDir, hourAgo);
  const expiredCitizen = {
    consent: await pastSigner.sign({
      pseudonym: asPseudonym(citizen1Pseudonym),
      acr: 'eidas1',
      audience: CITIZEN_AUDIENCES.consent,
    }),
    notifier: await pastSigner.sign({
      pseudonym: asPseudonym(citizen1Pseudonym),
      acr: 'eidas1',
      audience: CITIZEN_AUDIENCES.notifier,
    }),
  };
  const agencyClaims = decodeJwt(tokens.agencyA);
  const nowS = Math.floor(hourAgo.now().getTime() / 1000);
  const expiredAgency = await new SignJWT({ ...agencyClaims, iat: nowS, exp: nowS + 300 })
    .setProtectedHeader({ ...decodeProtectedHeader(tokens.agencyA), alg: 'HS256' })
    .sign(
      Buffer.from(
        readFileSync(path.join(relais.keysDir, 'gateway-token.secret'), 'utf8').trim(),
        'base64url',
      ),
    );
  const forgedPortal = forgeCookie(sessions.portal.citizen1);
  const forgedConsole = forgeCookie(sessions.console.operator);
  const cookie = (value: string) => ({ cookie: value });
  return {
    agencyA: () => bearer(tokens.agencyA),
    agencyB: () => bearer(tokens.agencyB),
    citizen1: (face) =>
      face === 'portal' ? cookie(sessions.portal.citizen1) : bearer(tokens.citizen1),
    citizen2: (face) =>
      face === 'portal' ? cookie(sessions.portal.citizen2) : bearer(tokens.citizen2),
    operator: (face) => (face === 'console' ? cookie(sessions.console.operator) : bearer(operator)),
    steward: (face) => (face === 'console' ? cookie(sessions.console.steward) : bearer(steward)),
    franceServices: () => cookie(sessions.console.franceServices),
    // At the counter's pages who acts is the session's, and the mandate the URL's.
    agentMandated: async (face, service) =>
      face === 'counter'
        ? cookie(counter.sessions.nadia)
        : bearer(await counter.token('agentMandated', service)),
    agentNoMandate: async (face, service) =>
      face === 'counter'
        ? cookie(counter.sessions.nadia)
        : bearer(await counter.token('agentNoMandate', service)),
    agentOtherStructure: async (face, service) =>
      face === 'counter'
        ? cookie(counter.sessions.julien)
        : bearer(await counter.token('agentOtherStructure', service)),
    agentExpired: async (face, service) =>
      face === 'counter'
        ? cookie(counter.sessions.nadiaEnded)
        : bearer(await counter.token('agentExpired', service)),
    agentGuessing: async (face, service) =>
      face === 'counter'
        ? cookie(counter.sessions.nadia)
        : bearer(await counter.token('agentGuessing', service)),
    scraper: () => bearer(relais.scrapeToken),
    anonymous: () => ({}),
    forged: async (face, service) =>
      face === 'counterApi'
        ? bearer(await forge(await counter.token('agentMandated', service)))
        : face === 'counter'
          ? cookie(forgeCookie(counter.sessions.nadia))
          : face === 'portal'
            ? cookie(forgedPortal)
            : face === 'console'
              ? cookie(forgedConsole)
              : face === 'citizen'
                ? bearer(forgedCitizen)
                : face === 'agency'
                  ? bearer(forgedAgency)
                  : bearer(randomBytes(32).toString('base64url')),
    expired: async (face, service) =>
      face === 'counterApi'
        ? bearer(await counter.expiredToken(service))
        : face === 'counter'
          ? cookie(counter.sessions.nadiaEnded)
          : face === 'citizen'
            ? bearer(service === 'notifier' ? expiredCitizen.notifier : expiredCitizen.consent)
            : face === 'agency'
              ? bearer(expiredAgency)
              : face === 'portal'
                ? cookie(sessions.portal.ended)
                : face === 'console'
                  ? cookie(sessions.console.ended)
                  : bearer(expiredAgency),
  };
}
