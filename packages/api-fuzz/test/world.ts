// Every Relais HTTP service in this process on the run's broker, as `npm start` wires them:
// startRelais() (registry, gateway, consent, router, eligibility, notifier), the local identity
// provider, the portal, the operators' console and the France Services counter on ports chosen
// first (the provider must know their callbacks). A demo citizen (Camille) is enrolled and linked,
// so the portal's pages have a session to fuzz with; the console's operator and a counter agent
// (Nadia Benkirane, France Services Lyon 8e) sign in as demo agents.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startConsole, type RunningConsole } from '@relais/console';
import { startCounter, type RunningCounter } from '@relais/counter';
import { startRelais, type Relais } from '@relais/harness';
import { IdentityLinks, identityKeyIn, newPivot } from '@relais/identity';
import { loadCitizens, startIdp, type Idp } from '@relais/idp';
import { createKafka, createProducer, createServiceMetrics } from '@relais/kit';
import { startPortal, type RunningPortal } from '@relais/portal';
import { uniqueName } from '@relais/testkit';
import { signInThrough } from '@relais/testkit/web';

type Headers = Record<string, string | string[] | number | undefined>;

const SECTORS = ['local', 'family', 'tax', 'health', 'relais', 'portal'];
/** The scrape token of the portal and the console (the harness's services have their own). */
export const SCRAPE_TOKEN = uniqueName('scrape');

export interface World {
  relais: Relais;
  idp: Idp;
  portal: RunningPortal;
  console: RunningConsole;
  counter: RunningCounter;
  /** Camille's portal session cookie (`name=value`). */
  portalSession(): Promise<string>;
  /** An operator's console session cookie (`name=value`). */
  consoleSession(): Promise<string>;
  /** A France Services agent's counter session cookie (`name=value`). */
  counterSession(): Promise<string>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** A GET without following redirects, answered the way signInThrough reads it. */
async function get(
  url: string,
  cookies: Map<string, string>,
): Promise<{ statusCode: number; headers: Headers }> {
  const res = await fetch(url, {
    redirect: 'manual',
    headers: cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {},
  });
  for (const line of res.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const i = pair.indexOf('=');
    cookies.set(pair.slice(0, i), pair.slice(i + 1));
  }
  await res.arrayBuffer();
  return {
    statusCode: res.status,
    headers: Object.fromEntries([...res.headers].map(([k, v]) => [k, v])) as Headers,
  };
}

/** Signs in at a face (portal, console) through the provider; the session cookie it set. */
async function session(origin: string, handle: string, cookieName: RegExp): Promise<string> {
  const cookies = new Map<string, string>();
  const res = await signInThrough(
    (_method, url) => get(new URL(url, origin).href, cookies),
    `${origin}/login`,
    handle,
    origin,
  );
  if (res.statusCode !== 303) throw new Error(`sign-in at ${origin}: ${res.statusCode}`);
  const found = [...cookies].find(([k]) => cookieName.test(k));
  if (!found) throw new Error(`sign-in at ${origin}: no session cookie`);
  return `${found[0]}=${found[1]}`;
}

export async function startWorld(): Promise<World> {
  const relais = await startRelais({ eligibility: true, notifier: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-api-fuzz-'));
  const kafka = createKafka({
    brokers: relais.brokers,
    clientId: 'api-fuzz',
    logger: relais.logger,
  });
  const producer = createProducer(kafka);
  await producer.connect();
  const linksTopic = uniqueName('relais.identity-links');
  const links = new IdentityLinks({
    kafka,
    producer,
    logger: relais.logger,
    key: identityKeyIn(relais.keysDir),
    dataDir: path.join(dir, 'enrol'),
    topic: linksTopic,
    instance: uniqueName('enrol'),
  });
  await links.start();
  const citizens = loadCitizens();
  const camille = citizens.find((c) => c.handle === 'camille');
  if (!camille) throw new Error('the demo citizen camille is missing from infra/citizens');
  const pivot = newPivot();
  await relais.gateway.directory.enrol(pivot, SECTORS);
  await links.link(pivot, camille.identity);
  await links.stop();

  const portalUrl = `http://127.0.0.1:${await freePort()}`;
  const consoleUrl = `http://127.0.0.1:${await freePort()}`;
  const counterUrl = `http://127.0.0.1:${await freePort()}`;
  const secret = 'api-fuzz-secret-0123456789abcdef0123456789';
  const idp = await startIdp({
    keysDir: path.join(dir, 'idp'),
    citizens,
    clients: [
      {
        client_id: 'relais-portal',
        client_secret: secret,
        client_name: 'Portail Relais',
        redirect_uris: [`${portalUrl}/auth/callback`],
        post_logout_redirect_uris: [`${portalUrl}/signed-out`],
        sector: 'portal',
      },
      {
        client_id: 'relais-console',
        client_secret: secret,
        client_name: 'Console Relais',
        redirect_uris: [`${consoleUrl}/auth/callback`],
        post_logout_redirect_uris: [`${consoleUrl}/signed-out`],
        sector: 'console',
        audience: 'agents',
      },
      {
        client_id: 'relais-counter',
        client_secret: secret,
        client_name: 'Guichet France Services Relais',
        redirect_uris: [`${counterUrl}/auth/callback`],
        post_logout_redirect_uris: [`${counterUrl}/signed-out`],
        sector: 'counter',
        audience: 'agents',
      },
    ],
  });
  const portal = await startPortal({
    metrics: createServiceMetrics('portal', { scrapeToken: SCRAPE_TOKEN }),
    brokers: relais.brokers,
    logger: relais.logger,
    publicUrl: portalUrl,
    oidc: {
      issuer: idp.issuer,
      clientId: 'relais-portal',
      clientSecret: secret,
      clientAuth: 'client_secret_post',
    },
    consentUrl: relais.consent.url,
    notifierUrl: relais.notifier.service.url,
    keysDir: relais.keysDir,
    dataDir: path.join(dir, 'portal'),
    host: '127.0.0.1',
    port: Number(new URL(portalUrl).port),
    catalog: relais.catalog,
    clock: relais.clock,
    pseudonymTopic: relais.topics.pseudonyms,
    identityLinksTopic: linksTopic,
  });
  const groups = String(relais.router.options().groupPrefix).replace(/\.router$/, '');
  const operatorsConsole = await startConsole({
    prometheus: createServiceMetrics('console', { scrapeToken: SCRAPE_TOKEN }),
    brokers: relais.brokers,
    logger: relais.logger,
    registryUrl: relais.registry.url,
    keysDir: relais.keysDir,
    dataDir: path.join(dir, 'console'),
    instance: 'api-fuzz',
    host: '127.0.0.1',
    port: Number(new URL(consoleUrl).port),
    gatewayUrl: relais.gateway.url,
    metrics: [{ service: 'router', url: `${relais.router.service.url}/metrics` }],
    tracingUrl: '',
    lagGroups: [groups],
    catalog: relais.catalog,
    clock: relais.clock,
    topics: {
      accessLog: relais.topics.accessLog,
      entitlements: relais.topics.entitlements,
      notices: relais.topics.notices,
      decisions: relais.topics.routingDecisions,
      journal: uniqueName('relais.operator-actions'),
    },
    groupPrefix: uniqueName('relais-console'),
    since: new Date(),
    web: {
      publicUrl: consoleUrl,
      oidc: {
        issuer: idp.issuer,
        clientId: 'relais-console',
        clientSecret: secret,
        clientAuth: 'client_secret_post',
        redirectUri: `${consoleUrl}/auth/callback`,
        postLogoutRedirectUri: `${consoleUrl}/signed-out`,
        acr: 'eidas1',
      },
      sessionsDir: path.join(dir, 'console', 'sessions'),
      session: { idleMs: 30 * 60_000, maxMs: 8 * 3_600_000 },
      traceUiUrl: null,
      refreshSeconds: 30,
    },
  });
  const counter = await startCounter({
    metrics: createServiceMetrics('counter', { scrapeToken: SCRAPE_TOKEN }),
    brokers: relais.brokers,
    logger: relais.logger,
    registryUrl: relais.registry.url,
    publicUrl: counterUrl,
    oidc: {
      issuer: idp.issuer,
      clientId: 'relais-counter',
      clientSecret: secret,
      clientAuth: 'client_secret_post',
    },
    consentUrl: relais.consent.url,
    notifierUrl: relais.notifier.service.url,
    keysDir: relais.keysDir,
    dataDir: path.join(dir, 'counter'),
    host: '127.0.0.1',
    port: Number(new URL(counterUrl).port),
    clock: relais.clock,
    pseudonymTopic: relais.topics.pseudonyms,
    identityLinksTopic: linksTopic,
    counterActionsTopic: relais.topics.counterActions,
    agencyId: relais.id,
  });
  return {
    relais,
    idp,
    portal,
    console: operatorsConsole,
    counter,
    portalSession: () => session(portalUrl, 'camille', /-session$/),
    consoleSession: () => session(consoleUrl, 'claire-dubois', /-session$/),
    counterSession: () => session(counterUrl, 'nadia-benkirane', /-session$/),
    async close() {
      await counter.close().catch(() => undefined);
      await operatorsConsole.close().catch(() => undefined);
      await portal.close().catch(() => undefined);
      await idp.close().catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
      await relais.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
