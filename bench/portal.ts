// npm run bench:portal [-- --citizens 50 --seconds 10]
//
// Time to first byte of each portal page under 50 concurrent citizens, each with their own
// signed-in session, on the whole chain (startRelais on a real broker: the portal calls the
// consent service and the notifier for every page, with a token it signs per call). Each page is
// loaded by `--citizens` connections at once for `--seconds`; autocannon's latency is the time to
// the response (pages are 3–16 KB, one TCP segment or a few: about the first byte).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startRelais } from '@relais/harness';
import { IdentityLinks, identityKeyIn, newPivot } from '@relais/identity';
import { startIdp, type Citizen } from '@relais/idp';
import { createKafka, createProducer } from '@relais/kit';
import { toolKafka } from '../scripts/lib/kafka.ts';
import { startPortal } from '@relais/portal';
import { WebClient } from '../scripts/lib/web-client.ts';

const { values } = parseArgs({
  options: {
    citizens: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
  },
});
const n = Number(values.citizens);
const seconds = Number(values.seconds);
const bootstrap = await toolKafka();
const relais = await startRelais({ brokers: bootstrap.split(','), notifier: true });
const dir = mkdtempSync(path.join(tmpdir(), 'relais-bench-portal-'));

// n citizens, each enrolled, linked and known to the identity provider.
const kafka = createKafka({
  brokers: relais.brokers,
  clientId: 'bench-portal',
  logger: relais.logger,
});
const producer = createProducer(kafka);
await producer.connect();
const linksTopic = `relais.identity-links.bench.${relais.suffix}`;
const links = new IdentityLinks({
  kafka,
  producer,
  logger: relais.logger,
  key: identityKeyIn(relais.keysDir),
  dataDir: path.join(dir, 'enrol'),
  topic: linksTopic,
  instance: `bench-${relais.suffix}`,
});
await links.start();
const letters = 'abcdefghijklmnopqrstuvwxyz';
const citizens: Citizen[] = Array.from({ length: n }, (_, i) => {
  const tag = `${letters[Math.floor(i / 26) % 26]}${letters[i % 26]}`;
  return {
    handle: `bench-${tag}`,
    name: `Citoyen ${tag.toUpperCase()}`,
    identity: {
      given_name: `Citoyen ${tag}`,
      family_name: `BANC ${tag.toUpperCase()}`,
      preferred_username: '',
      birthdate: `19${String(50 + (i % 40)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
      gender: i % 2 ? 'male' : 'female',
      birthplace: '69123',
      birthcountry: '99100',
      email: `citoyen.${tag}@example.org`,
    },
    birthplaceName: 'Lyon',
    birthcountryName: 'France',
    eidasMax: 'eidas2',
  };
});
for (const c of citizens) {
  const pivot = newPivot();
  await relais.gateway.directory.enrol(pivot, ['local', 'family', 'portal']);
  await links.link(pivot, c.identity);
}
await links.stop();

const port = await new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const a = s.address();
    s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
  });
});
const url = `http://127.0.0.1:${port}`;
const secret = 'bench-portal-secret-0123456789abcdef0123';
const idp = await startIdp({
  keysDir: path.join(dir, 'idp'),
  citizens,
  clients: [
    {
      client_id: 'relais-portal',
      client_secret: secret,
      redirect_uris: [`${url}/auth/callback`],
      post_logout_redirect_uris: [`${url}/signed-out`],
      sector: 'portal',
    },
  ],
});
const portal = await startPortal({
  brokers: relais.brokers,
  logger: relais.logger,
  publicUrl: url,
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
  port,
  catalog: relais.catalog,
  pseudonymTopic: relais.topics.pseudonyms,
  identityLinksTopic: linksTopic,
  session: { idleMs: 3_600_000 },
});

// Each citizen signs in (one session each) through the provider's pages.
const cookies: string[] = [];
const signInStarted = performance.now();
for (const c of citizens) {
  const web = new WebClient();
  const login = await web.go(`${url}/login`);
  let page = await web.submit(login, 'Se connecter', { citizen: c.handle });
  if (page.body.includes('Transmettre et continuer'))
    page = await web.submit(page, 'Transmettre et continuer');
  if (!page.url.startsWith(url) || page.status !== 200)
    throw new Error(`sign-in of ${c.handle}: ${page.status}`);
  cookies.push(web.cookieFor(url, 'relais-session'));
}
const signInMs = (performance.now() - signInStarted) / n;

const pages = [
  '/',
  '/consents',
  '/consents/new',
  '/access-log',
  '/notices',
  '/preferences',
  '/receipts/verify',
];
console.log(
  `\n${n} citizens signed in (${signInMs.toFixed(0)} ms each, sequentially, through the provider's pages)`,
);
console.log(`each page: ${n} connections, one session each, ${seconds} s\n`);
console.log('page              req/s   p50 ms  p97.5 ms  p99 ms  max ms  bytes   non-2xx');
const rows: string[] = [];
for (const p of pages) {
  let i = 0;
  const result = await autocannon({
    url: `${url}${p}`,
    connections: n,
    duration: seconds,
    headers: { 'accept-language': 'fr-FR', 'accept-encoding': 'identity' },
    setupClient: (client) => {
      client.setHeaders({
        cookie: `relais-session=${cookies[i++ % n]}`,
        'accept-language': 'fr-FR',
      });
    },
  });
  const row = `${p.padEnd(16)} ${result.requests.average.toFixed(0).padStart(6)} ${String(result.latency.p50).padStart(8)} ${String(result.latency.p97_5).padStart(9)} ${String(result.latency.p99).padStart(7)} ${String(result.latency.max).padStart(7)} ${String(Math.round(result.throughput.average / Math.max(1, result.requests.average))).padStart(6)} ${String(result.non2xx).padStart(8)}`;
  console.log(row);
  rows.push(row);
}

await portal.close();
await idp.close();
await producer.disconnect();
await relais.close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
