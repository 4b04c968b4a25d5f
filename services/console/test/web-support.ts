// The console's pages for tests, unit-level: consoleWebApp on the kit's HTTP app with the fake
// ports (web-fakes.ts), the real local identity provider started in-process (startIdp) with the
// console's client of the agents' audience — or a mis-declared one of the citizens' audience, to
// show a citizen is still refused — and a cookie jar (@relais/testkit/web) that follows the
// console's answers while the provider's pages are gone through over HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { startIdp, type Idp, type IdpClient } from '@relais/idp';
import { createHttpApp, createLogger, fixedClock } from '@relais/kit';
import { injectWithJar, newJar, signInThrough } from '@relais/testkit/web';
import type { FaceClient, Jar } from '@relais/testkit/web';
import { defaultSessionPolicy } from '@relais/web';
import { consoleRelyingParty } from '../src/adapters/oidc.ts';
import { consoleSessions } from '../src/adapters/sessions.ts';
import { consoleWebApp, loadConsoleAssets, type ConsoleWebDeps } from '../src/web-app.ts';
import { fakePorts, START, TRACE_UI, type FakePorts } from './web-fakes.ts';

export * from './web-fakes.ts';
export {
  csrfOf,
  providerLoginPage,
  ProviderRefusal,
  throughProvider,
  type Jar,
} from '@relais/testkit/web';

export const SECRET = 'console-test-secret-0123456789abcdef0123';

export interface WebEnv extends FaceClient<LightMyRequestResponse> {
  app: FastifyInstance;
  idp: Idp;
  clock: ReturnType<typeof fixedClock>;
  ports: FakePorts;
  deps: ConsoleWebDeps;
  logs: string[];
  /** Where the console is reached (its public URL). */
  origin: string;
  /** /login → the provider → pick `handle` → callback; answers the console's answer to it. */
  signIn(jar: Jar, handle: string, next?: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (for a console that listens: the provider must know its URL). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startWebEnv(
  o: { origin?: string; audience?: 'agents' | 'citizens'; refreshSeconds?: number } = {},
): Promise<WebEnv> {
  const origin = o.origin ?? 'http://console.test';
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-console-web-'));
  const clock = fixedClock(START);
  // Everything the pages log, to check no name, e-mail or token is in it.
  const logs: string[] = [];
  const write = (line: string) => logs.push(line);
  const logger = createLogger({ service: 'console-test', level: 'debug', destination: { write } });
  // The console's client, ProConnect-shaped (or mis-declared for citizens, when asked).
  const client: IdpClient = {
    client_id: 'relais-console',
    client_secret: SECRET,
    client_name: 'Console Relais',
    redirect_uris: [`${origin}/auth/callback`],
    post_logout_redirect_uris: [`${origin}/signed-out`],
    sector: 'console',
    audience: o.audience ?? 'agents',
  };
  const idp = await startIdp({ keysDir: path.join(dir, 'idp'), clients: [client] });
  const ports = fakePorts(clock);
  const deps: ConsoleWebDeps = {
    reads: ports.reads,
    actions: ports.actions,
    rp: await consoleRelyingParty({
      issuer: idp.issuer,
      clientId: 'relais-console',
      clientSecret: SECRET,
      clientAuth: 'client_secret_post',
      redirectUri: `${origin}/auth/callback`,
      postLogoutRedirectUri: `${origin}/signed-out`,
    }),
    sessions: consoleSessions({
      dataDir: path.join(dir, 'data'),
      clock,
      policy: defaultSessionPolicy,
    }),
    clock,
    publicUrl: origin,
    traceUiUrl: TRACE_UI,
    assets: loadConsoleAssets(),
    refreshSeconds: o.refreshSeconds ?? 30,
  };
  const app = await createHttpApp({ logger, service: 'console' });
  await app.register(consoleWebApp, deps);

  const env: WebEnv = {
    app,
    idp,
    clock,
    ports,
    deps,
    logs,
    origin,
    jar: newJar,
    call: (jar, method, url, form, headers = {}) =>
      injectWithJar(app, jar, method, url, form, { accept: 'text/html', ...headers }),
    signIn: (jar, handle, next) =>
      signInThrough(
        (method, url) => env.call(jar, method, url),
        `/login${next ? `?next=${encodeURIComponent(next)}` : ''}`,
        handle,
        origin,
      ),
    async close() {
      await app.close();
      await idp.close();
      deps.sessions.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return env;
}
