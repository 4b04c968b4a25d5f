// The whole chain for the counter's end-to-end tests: startRelais() (registry, gateway, consent,
// router, eligibility, notifier on the run's broker), the local identity provider with the
// counter's client of the agents' audience (the agents of infra/agents), and the counter on a port
// chosen first. Lucienne Faure, Josette's neighbour with no internet (infra/citizens, offline), is
// enrolled in her sectors and her identité pivot linked to her pivot, as enrolment does.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { startRelais, type Relais } from '@relais/harness';
import { IdentityLinks, identityKeyIn, type PivotIdentity, type Pivot } from '@relais/identity';
import { startIdp, type Idp } from '@relais/idp';
import { createKafka, createProducer } from '@relais/kit';
import { uniqueName } from '@relais/testkit';
import { startCounter, type RunningCounter } from '../../src/index.ts';

const SECRET = 'counter-e2e-secret-0123456789abcdef0123';
const CITIZENS_SECRET = 'counter-e2e-citizens-secret-0123456789ab';
const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');

export interface DemoCitizen {
  handle: string;
  name: string;
  identity: PivotIdentity & { preferred_username?: string };
}

export function demoCitizen(handle: string): DemoCitizen {
  const doc = parse(
    readFileSync(path.join(root, 'infra', 'citizens', 'citizens.yaml'), 'utf8'),
  ) as {
    citizens: DemoCitizen[];
  };
  const c = doc.citizens.find((x) => x.handle === handle);
  if (!c) throw new Error(`no demo citizen ${handle}`);
  return c;
}

export interface EnrolledCitizen {
  pivot: Pivot;
  pseudonyms: Record<string, string>;
  token: string;
  identity: PivotIdentity;
}

export interface World {
  relais: Relais;
  idp: Idp;
  counter: RunningCounter;
  url: string;
  lucienne: EnrolledCitizen;
  /** Signs in with FranceConnect: she confirms a mandate on the agent's screen. */
  camille: EnrolledCitizen;
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

export async function startWorld(): Promise<World> {
  const relais = await startRelais({ eligibility: true, notifier: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-counter-e2e-'));
  const kafka = createKafka({
    brokers: relais.brokers,
    clientId: 'counter-e2e',
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
  const enrol = async (handle: string): Promise<EnrolledCitizen> => {
    const demo = demoCitizen(handle);
    const c = await relais.citizen(['local', 'family', 'tax', 'health', 'relais']);
    await links.link(c.pivot, demo.identity);
    return { ...c, identity: demo.identity };
  };
  const lucienne = await enrol('lucienne');
  const camille = await enrol('camille');
  await links.stop();

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const idp = await startIdp({
    keysDir: path.join(dir, 'idp'),
    clients: [
      {
        client_id: 'relais-counter',
        client_secret: SECRET,
        client_name: 'Guichet France Services Relais',
        redirect_uris: [`${url}/auth/callback`],
        post_logout_redirect_uris: [`${url}/signed-out`],
        sector: 'counter',
        audience: 'agents',
      },
      {
        // The citizen confirms a new mandate on the agent's screen (FranceConnect's shape).
        client_id: 'relais-counter-citizens',
        client_secret: CITIZENS_SECRET,
        client_name: 'Guichet France Services Relais',
        redirect_uris: [`${url}/mandates/confirm/callback`],
        post_logout_redirect_uris: [`${url}/mandates/confirm/done`],
        sector: 'counter-citizens',
      },
    ],
  });
  const counter = await startCounter({
    brokers: relais.brokers,
    logger: relais.logger,
    registryUrl: relais.registry.url,
    publicUrl: url,
    oidc: {
      issuer: idp.issuer,
      clientId: 'relais-counter',
      clientSecret: SECRET,
      clientAuth: 'client_secret_post',
    },
    citizenOidc: {
      issuer: idp.issuer,
      clientId: 'relais-counter-citizens',
      clientSecret: CITIZENS_SECRET,
      clientAuth: 'client_secret_post',
    },
    consentUrl: relais.consent.url,
    notifierUrl: relais.notifier.service.url,
    keysDir: relais.keysDir,
    dataDir: path.join(dir, 'counter'),
    host: '127.0.0.1',
    port,
    clock: relais.clock,
    pseudonymTopic: relais.topics.pseudonyms,
    identityLinksTopic: linksTopic,
    counterActionsTopic: relais.topics.counterActions,
    agencyId: relais.id,
  });
  return {
    relais,
    idp,
    counter,
    url,
    lucienne,
    camille,
    async close() {
      await counter.close();
      await idp.close();
      await producer.disconnect();
      await relais.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
