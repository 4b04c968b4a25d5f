// The whole chain for the portal's end-to-end tests: startRelais() (registry, gateway, consent,
// router, eligibility, notifier on the run's broker), the local identity provider, and the portal
// itself on a port chosen first (the provider must know its callback). Camille, a demo citizen of
// infra/citizens, is enrolled in her sectors and her identité pivot linked to her pivot, as
// enrolment does; Antoine signs in at the provider but Relais does not know him.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRelais, type Relais } from '@relais/harness';
import { IdentityLinks, identityKeyIn, newPivot, type Pivot } from '@relais/identity';
import { loadCitizens, startIdp, type Idp } from '@relais/idp';
import { createKafka, createProducer } from '@relais/kit';
import { uniqueName } from '@relais/testkit';
import { startPortal, type RunningPortal } from '../../src/index.ts';

const SECRET = 'portal-e2e-secret-0123456789abcdef012345';
export const SECTORS = ['local', 'family', 'tax', 'health', 'relais', 'portal'];

export interface World {
  relais: Relais;
  idp: Idp;
  portal: RunningPortal;
  /** http://127.0.0.1:<port> */
  url: string;
  camille: { pivot: Pivot; pseudonyms: Record<string, string> };
  /** The other demo citizens enrolled and linked (`startWorld({ also })`), by handle. */
  others: Record<string, { pivot: Pivot; pseudonyms: Record<string, string> }>;
  /** A development token for Camille (the consent service of the harness issues them). */
  devToken(): Promise<string>;
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

export async function startWorld(o: { also?: string[] } = {}): Promise<World> {
  const relais = await startRelais({ eligibility: true, notifier: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-portal-e2e-'));
  const kafka = createKafka({
    brokers: relais.brokers,
    clientId: 'portal-e2e',
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
  const demo = citizens.find((c) => c.handle === 'camille')!;
  const pivot = newPivot();
  const pseudonyms = await relais.gateway.directory.enrol(pivot, SECTORS);
  await links.link(pivot, demo.identity);
  const others: World['others'] = {};
  for (const handle of o.also ?? []) {
    const other = newPivot();
    others[handle] = {
      pivot: other,
      pseudonyms: await relais.gateway.directory.enrol(other, SECTORS),
    };
    await links.link(other, citizens.find((c) => c.handle === handle)!.identity);
  }
  await links.stop();

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const idp = await startIdp({
    keysDir: path.join(dir, 'idp'),
    citizens,
    clients: [
      {
        client_id: 'relais-portal',
        client_secret: SECRET,
        client_name: 'Portail Relais',
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
      clientSecret: SECRET,
      clientAuth: 'client_secret_post',
    },
    consentUrl: relais.consent.url,
    notifierUrl: relais.notifier.service.url,
    keysDir: relais.keysDir,
    dataDir: path.join(dir, 'portal'),
    host: '127.0.0.1',
    port,
    catalog: relais.catalog,
    clock: relais.clock,
    pseudonymTopic: relais.topics.pseudonyms,
    identityLinksTopic: linksTopic,
  });
  return {
    relais,
    idp,
    portal,
    url,
    camille: { pivot, pseudonyms },
    others,
    async devToken() {
      const res = await relais.call(
        relais.consent.url,
        'POST',
        '/v1/dev/citizen-token',
        undefined,
        {
          pseudonym: pseudonyms['portal'],
        },
      );
      return res.body.access_token as string;
    },
    async close() {
      await portal.close();
      await idp.close();
      await producer.disconnect();
      await relais.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
