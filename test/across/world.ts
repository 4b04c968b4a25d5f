// Every HTTP service of Relais in this process, on the run's broker: the harness's chain
// (registry, gateway, consent, router, eligibility, notifier with its SMTP server), the local
// identity provider (citizens and agents), the citizens' portal and the operators' console with
// its pages — each on a port chosen first (the provider must know their callbacks). Here, at the
// repository's root, because only the root depends on every service: the harness cannot depend on
// the portal and the console, whose tests depend on it (dec-023).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startConsole, type RunningConsole } from '@relais/console';
import { startRelais, type Relais, type RelaisOptions } from '@relais/harness';
import { IdentityLinks, identityKeyIn, newPivot, type Pivot } from '@relais/identity';
import { loadCitizens, startIdp, type Idp } from '@relais/idp';
import { createKafka, createProducer, createServiceMetrics } from '@relais/kit';
import { startPortal, type RunningPortal } from '@relais/portal';
import { uniqueName } from '@relais/testkit';

const PORTAL_SECRET = 'across-portal-secret-0123456789abcdef0123';
const CONSOLE_SECRET = 'across-console-secret-0123456789abcdef012';
/** What an enrolled citizen is known in (and `portal`, where they sign in). */
export const SECTORS = ['local', 'family', 'tax', 'health', 'employment', 'relais', 'portal'];

export interface World {
  relais: Relais;
  idp: Idp;
  portal: RunningPortal;
  console: RunningConsole;
  /** Links a citizen's identité pivot to their pivot (enrolment), on the portal's topic. */
  links: IdentityLinks;
  /** The demo citizens enrolled and linked at start, by handle. */
  citizens: Record<string, { pivot: Pivot; pseudonyms: Record<string, string> }>;
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
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

export async function startWorld(
  options: RelaisOptions & { enrol?: string[] } = {},
): Promise<World> {
  const { enrol = [], ...relaisOptions } = options;
  const relais = await startRelais({ eligibility: true, notifier: true, ...relaisOptions });
  const closers: Array<() => Promise<unknown>> = [() => relais.close()];
  const close = async () => {
    while (closers.length)
      await closers
        .pop()?.()
        .catch(() => undefined);
  };
  try {
    const dir = mkdtempSync(path.join(tmpdir(), 'relais-across-'));
    closers.push(async () => rmSync(dir, { recursive: true, force: true }));
    const logger = relais.loggerOf('enrolment');
    const kafka = createKafka({ brokers: relais.brokers, clientId: 'relais-across', logger });
    const producer = createProducer(kafka);
    await producer.connect();
    closers.push(() => producer.disconnect());
    const linksTopic = uniqueName('relais.identity-links');
    const links = new IdentityLinks({
      kafka,
      producer,
      logger,
      key: identityKeyIn(relais.keysDir),
      dataDir: path.join(dir, 'enrol'),
      topic: linksTopic,
      instance: uniqueName('enrol'),
    });
    await links.start();
    closers.push(() => links.stop());
    const citizens: World['citizens'] = {};
    for (const c of loadCitizens().filter((x) => enrol.includes(x.handle))) {
      const pivot = newPivot();
      const pseudonyms = await relais.gateway.directory.enrol(pivot, SECTORS);
      await links.link(pivot, c.identity);
      citizens[c.handle] = { pivot, pseudonyms };
    }
    await relais.consent.directory.catchUp();

    const [portalPort, consolePort] = [await freePort(), await freePort()];
    const portalUrl = `http://127.0.0.1:${portalPort}`;
    const consoleUrl = `http://127.0.0.1:${consolePort}`;
    const idp = await startIdp({
      keysDir: path.join(dir, 'idp'),
      clients: [
        {
          client_id: 'relais-portal',
          client_secret: PORTAL_SECRET,
          client_name: 'Portail Relais',
          redirect_uris: [`${portalUrl}/auth/callback`],
          post_logout_redirect_uris: [`${portalUrl}/signed-out`],
          sector: 'portal',
        },
        {
          client_id: 'relais-console',
          client_secret: CONSOLE_SECRET,
          client_name: 'Console Relais',
          redirect_uris: [`${consoleUrl}/auth/callback`],
          post_logout_redirect_uris: [`${consoleUrl}/signed-out`],
          sector: 'console',
          audience: 'agents',
        },
      ],
    });
    closers.push(() => idp.close());
    const scrape = { scrapeToken: relais.scrapeToken };
    const portal = await startPortal({
      metrics: createServiceMetrics('portal', scrape),
      brokers: relais.brokers,
      logger: relais.loggerOf('portal'),
      publicUrl: portalUrl,
      oidc: {
        issuer: idp.issuer,
        clientId: 'relais-portal',
        clientSecret: PORTAL_SECRET,
        clientAuth: 'client_secret_post',
      },
      consentUrl: relais.consent.url,
      notifierUrl: relais.notifier.service.url,
      keysDir: relais.keysDir,
      dataDir: path.join(dir, 'portal'),
      host: '127.0.0.1',
      port: portalPort,
      catalog: relais.catalog,
      clock: relais.clock,
      pseudonymTopic: relais.topics.pseudonyms,
      identityLinksTopic: linksTopic,
    });
    closers.push(() => portal.close());
    const groups = String(relais.router.options().groupPrefix).replace(/\.router$/, '');
    const operatorsConsole = await startConsole({
      prometheus: createServiceMetrics('console', scrape),
      brokers: relais.brokers,
      logger: relais.loggerOf('console'),
      registryUrl: relais.registry.url,
      keysDir: relais.keysDir,
      dataDir: path.join(dir, 'console'),
      instance: 'across',
      host: '127.0.0.1',
      port: consolePort,
      gatewayUrl: relais.gateway.url,
      metrics: [
        { service: 'router', url: `${relais.router.service.url}/metrics` },
        { service: 'eligibility', url: `${relais.eligibility.service.url}/metrics` },
        { service: 'notifier', url: `${relais.notifier.service.url}/metrics` },
      ],
      tracingUrl: 'http://zipkin.test/zipkin',
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
      since: new Date(Date.now() - 1_000),
      web: {
        publicUrl: consoleUrl,
        oidc: {
          issuer: idp.issuer,
          clientId: 'relais-console',
          clientSecret: CONSOLE_SECRET,
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
    closers.push(() => operatorsConsole.close());
    return { relais, idp, portal, console: operatorsConsole, links, citizens, close };
  } catch (err) {
    await close();
    throw err;
  }
}
