// The counter beside the across world (issue 15), for the demo's counter step: its own local
// identity provider with the counter's client of the agents' audience (the world's provider has
// its clients fixed at start), and the counter on a port chosen first, reading the world's
// identity links and pseudonyms. Kept apart from world.ts; the matrix adds its agents and
// mandates to it (matrix/counter.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCounter, type RunningCounter } from '@relais/counter';
import { startIdp, type Idp } from '@relais/idp';
import { createServiceMetrics, type Clock } from '@relais/kit';
import { freePort, type World } from './world.ts';

const SECRET = 'across-counter-secret-0123456789abcdef012';

export interface CounterBeside {
  counter: RunningCounter;
  idp: Idp;
  close(): Promise<void>;
}

export async function startCounterBeside(
  world: World,
  clock: Clock = world.relais.clock,
): Promise<CounterBeside> {
  const r = world.relais;
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-across-counter-'));
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
    ],
  });
  const counter = await startCounter({
    metrics: createServiceMetrics('counter', { scrapeToken: r.scrapeToken }),
    brokers: r.brokers,
    logger: r.loggerOf('counter'),
    registryUrl: r.registry.url,
    publicUrl: url,
    oidc: {
      issuer: idp.issuer,
      clientId: 'relais-counter',
      clientSecret: SECRET,
      clientAuth: 'client_secret_post',
    },
    consentUrl: r.consent.url,
    notifierUrl: r.notifier.service.url,
    keysDir: r.keysDir,
    dataDir: path.join(dir, 'counter'),
    host: '127.0.0.1',
    port,
    clock,
    pseudonymTopic: r.topics.pseudonyms,
    identityLinksTopic: world.links.topic,
    counterActionsTopic: r.topics.counterActions,
    agencyId: r.id,
  });
  return {
    counter,
    idp,
    async close() {
      await counter.close();
      await idp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
