// The portal plugin injected (no port, no Kafka) against the real local identity provider, with
// in-memory identity links, pseudonym directory and citizen APIs. A cookie jar follows the
// portal's answers; the provider is driven over HTTP like a browser would, and its redirect back
// to the portal is injected.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadCatalog } from '@relais/contracts';
import { asPivot, derivePseudonym, hashClaims, type Pivot } from '@relais/identity';
import { loadCitizens, startIdp, type Idp } from '@relais/idp';
import { createHttpApp, createLogger, createServiceMetrics, type Clock } from '@relais/kit';
import {
  injectWithJar,
  newJar,
  signInThrough,
  type FaceClient,
  type Jar,
} from '@relais/testkit/web';
import { loadAssets } from '../../src/adapters/assets.ts';
import type {
  AccessEntry,
  AccessProof,
  CitizenApi,
  Consent,
  NoticeFull,
  NoticeSummary,
  Preferences,
} from '../../src/adapters/citizen-api.ts';
import { relyingParty } from '../../src/adapters/oidc.ts';
import { sessionStore } from '../../src/adapters/sessions.ts';
import { tokenSigner } from '../../src/adapters/token-signer.ts';
import { portalApp } from '../../src/app.ts';
import { defaultSessionPolicy } from '../../src/domain/session.ts';

export const PORTAL = 'http://portal.test';
const SECRET = 'portal-test-secret-0123456789abcdef0123';
export const SCRAPE_TOKEN = 'portal-scrape-token';
const pseudonymKey = Buffer.alloc(32, 1);
export const identityKey = Buffer.alloc(32, 2);

/** A clock the test moves. */
export function movableClock(start = Date.parse('2026-11-02T09:30:00Z')) {
  let t = start;
  const clock: Clock & { advance(ms: number): void } = {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
  };
  return clock;
}

/** What the fake consent service and notifier hold, per portal pseudonym. */
export interface FakeData {
  consents: Map<string, Consent[]>;
  log: Map<string, AccessEntry[]>;
  proofs: Map<string, AccessProof>;
  notices: Map<string, NoticeSummary[]>;
  full: Map<string, NoticeFull>;
  prefs: Map<string, Preferences>;
  opened: string[];
  /** Every call the portal made: method, path-ish, the caller's acr. */
  calls: Array<{ what: string; acr: string }>;
}

function fakeApi(data: FakeData, clock: Clock): CitizenApi {
  let n = 0;
  const mine = <T>(m: Map<string, T[]>, p: string) => m.get(p) ?? [];
  const log = (what: string, acr: string) => data.calls.push({ what, acr });
  return {
    async consents(c) {
      log('consents', c.acr);
      return mine(data.consents, c.pseudonym);
    },
    async grant(c, req) {
      log('grant', c.acr);
      const consent: Consent = {
        id: `consent-${++n}`,
        purpose: req.purpose,
        recipient: req.recipient,
        categories: req.categories,
        grantedAt: clock.now().toISOString(),
        expiresAt: req.expiresAt ?? null,
        revokedAt: null,
        channel: 'PORTAL',
        status: 'active',
      };
      data.consents.set(c.pseudonym, [consent, ...mine(data.consents, c.pseudonym)]);
      return { consent, receipt: 'receipt' };
    },
    async revoke(c, id) {
      log('revoke', c.acr);
      const list = mine(data.consents, c.pseudonym);
      const found = list.find((x) => x.id === id);
      if (!found) return undefined;
      found.status = 'revoked';
      found.revokedAt = clock.now().toISOString();
      return found;
    },
    async receipt(c, id) {
      return mine(data.consents, c.pseudonym).some((x) => x.id === id)
        ? `receipt-${id}`
        : undefined;
    },
    async receiptKeys() {
      return { keys: [] };
    },
    async accessLog(c) {
      return mine(data.log, c.pseudonym);
    },
    async accessProof(c, id) {
      return mine(data.log, c.pseudonym).some((e) => e.accessId === id)
        ? data.proofs.get(id)
        : undefined;
    },
    async notices(c) {
      return mine(data.notices, c.pseudonym);
    },
    async notice(c, id) {
      if (!mine(data.notices, c.pseudonym).some((x) => x.noticeId === id)) return undefined;
      data.opened.push(id);
      return data.full.get(id);
    },
    async preferences(c) {
      return (
        data.prefs.get(c.pseudonym) ?? {
          channels: ['PORTAL'],
          language: 'FR',
          updatedAt: clock.now().toISOString(),
        }
      );
    },
    async savePreferences(c, p) {
      const saved = { ...p, updatedAt: clock.now().toISOString() };
      data.prefs.set(c.pseudonym, saved);
      return saved;
    },
  };
}

export type { Jar } from '@relais/testkit/web';

export interface Env extends FaceClient<LightMyRequestResponse> {
  app: FastifyInstance;
  idp: Idp;
  clock: ReturnType<typeof movableClock>;
  data: FakeData;
  /** Relais pivots of the linked demo citizens, by handle; their portal pseudonyms. */
  pivots: Record<string, Pivot>;
  pseudonymOf(handle: string): string;
  logs: string[];
  /** Signs in through the provider: /login → provider → pick `handle` → callback. */
  signIn(
    jar: Jar,
    handle: string,
    o?: { level?: string; next?: string },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startEnv(o: { linked?: string[] } = {}): Promise<Env> {
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-portal-test-'));
  const clock = movableClock();
  const logs: string[] = [];
  // Everything the portal logs, to check no personal identifier is in it.
  const capture = createLogger({
    service: 'portal-test',
    level: 'debug',
    destination: { write: (line: string) => logs.push(line) },
  });
  const idp = await startIdp({
    keysDir: path.join(dir, 'idp'),
    clients: [
      {
        client_id: 'relais-portal',
        client_secret: SECRET,
        client_name: 'Portail Relais',
        redirect_uris: [`${PORTAL}/auth/callback`],
        post_logout_redirect_uris: [`${PORTAL}/signed-out`],
        sector: 'portal',
      },
    ],
  });
  const linked = o.linked ?? ['camille', 'yanis', 'ines', 'awa'];
  const pivots: Record<string, Pivot> = {};
  const hashes = new Map<string, Pivot>();
  for (const c of loadCitizens()) {
    if (!linked.includes(c.handle)) continue;
    pivots[c.handle] = asPivot(`pivot-${c.handle}`);
    // Enrolment spells the names its own way: the normalisation makes them meet.
    const enrolled = {
      ...c.identity,
      given_name: c.identity.given_name.toLowerCase(),
      family_name: ` ${c.identity.family_name} `,
    };
    hashes.set(hashClaims(identityKey, enrolled)!, asPivot(`pivot-${c.handle}`));
  }
  const pseudonymOf = (handle: string) => derivePseudonym(pseudonymKey, 'portal', pivots[handle]!);
  const enrolledPortal = new Set(Object.values(pivots));
  const data: FakeData = {
    consents: new Map(),
    log: new Map(),
    proofs: new Map(),
    notices: new Map(),
    full: new Map(),
    prefs: new Map(),
    opened: [],
    calls: [],
  };
  const metrics = createServiceMetrics('portal', { scrapeToken: SCRAPE_TOKEN });
  const app = await createHttpApp({ logger: capture, service: 'portal', metrics });
  const signer = await tokenSigner(path.join(dir, 'keys'), clock);
  await app.register(portalApp, {
    catalog: loadCatalog().catalog,
    sessions: sessionStore({
      dataDir: path.join(dir, 'data'),
      clock,
      policy: defaultSessionPolicy,
    }),
    rp: await relyingParty({
      issuer: idp.issuer,
      clientId: 'relais-portal',
      clientSecret: SECRET,
      clientAuth: 'client_secret_post',
      redirectUri: `${PORTAL}/auth/callback`,
      postLogoutRedirectUri: `${PORTAL}/signed-out`,
    }),
    api: fakeApi(data, clock),
    signer,
    links: { resolve: (claims) => hashes.get(hashClaims(identityKey, claims) ?? '') },
    directory: {
      pseudonymOf: (_sector, pivot) => derivePseudonym(pseudonymKey, 'portal', pivot),
      resolve: (_sector, p) =>
        [...enrolledPortal].find((pv) => derivePseudonym(pseudonymKey, 'portal', pv) === p),
    },
    assets: loadAssets(),
    clock,
    secureCookies: false,
    defaultAcr: 'eidas1',
    metrics,
  });

  const env: Env = {
    app,
    idp,
    clock,
    data,
    pivots,
    pseudonymOf,
    logs,
    jar: newJar,
    call: (jar, method, url, form) => injectWithJar(app, jar, method, url, form),
    async signIn(jar, handle, so = {}) {
      const q = new URLSearchParams({
        ...(so.level ? { level: so.level } : {}),
        ...(so.next ? { next: so.next } : {}),
      });
      const call = (method: 'GET', url: string) => env.call(jar, method, url);
      return signInThrough(call, `/login?${q.toString()}`, handle, PORTAL);
    },
    async close() {
      await app.close();
      await idp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return env;
}
