// The France Services counter in `npm start` (issue 15): its two clients at the local identity
// provider — the agents' (ProConnect's shape) and the citizens' (a citizen confirms a mandate by
// signing in once on the agent's screen) — and the service itself, beside the others.
import path from 'node:path';
import { startCounter, type CounterOptions, type RunningCounter } from '@relais/counter';
import type { IdpClient } from '@relais/idp';
import { devSecret } from '../lib/dev-secret.ts';

export interface DemoCounter {
  url: string;
  /** The identity provider's clients for the counter. */
  clients: IdpClient[];
  start(
    o: Omit<
      CounterOptions,
      'publicUrl' | 'oidc' | 'citizenOidc' | 'keysDir' | 'dataDir' | 'host' | 'port'
    > & {
      issuer: string;
      root: string;
    },
  ): Promise<RunningCounter>;
}

export function demoCounter(keysDir: string, port: number): DemoCounter {
  const url = `http://127.0.0.1:${port}`;
  const agents = devSecret(keysDir, 'counter-oidc.secret');
  const citizens = devSecret(keysDir, 'counter-citizens-oidc.secret');
  const client = (clientId: string, clientSecret: string, issuer: string) => ({
    issuer,
    clientId,
    clientSecret,
    clientAuth: 'client_secret_post' as const,
  });
  return {
    url,
    clients: [
      {
        // France Services agents: the demo agents of infra/agents with a structure.
        client_id: 'relais-counter',
        client_secret: agents,
        client_name: 'Guichet France Services Relais',
        redirect_uris: [`${url}/auth/callback`],
        post_logout_redirect_uris: [`${url}/signed-out`],
        sector: 'counter',
        audience: 'agents',
      },
      {
        client_id: 'relais-counter-citizens',
        client_secret: citizens,
        client_name: 'Guichet France Services Relais',
        redirect_uris: [`${url}/mandates/confirm/callback`],
        post_logout_redirect_uris: [`${url}/mandates/confirm/done`],
        sector: 'counter-citizens',
      },
    ],
    start: ({ issuer, root, ...o }) =>
      startCounter({
        ...o,
        publicUrl: url,
        oidc: client('relais-counter', agents, issuer),
        citizenOidc: client('relais-counter-citizens', citizens, issuer),
        keysDir,
        dataDir: path.join(root, '.relais', 'counter'),
        host: '127.0.0.1',
        port,
      }),
  };
}
