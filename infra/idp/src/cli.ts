// node infra/idp/src/cli.ts [--port 4400] [--host 127.0.0.1] [--issuer URL] [--keys DIR]
//                           [--clients FILE] [--citizens FILE] [--agents FILE]
// Runs the local FranceConnect-shaped identity provider until SIGINT/SIGTERM. Without --clients,
// one demo client is registered (the future portal's callback on localhost:4100), its secret
// created beside the keys; `npm start` will pass its own.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { startIdp, type IdpClient } from './idp.ts';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

const usage = `usage: node infra/idp/src/cli.ts [--port N] [--host H] [--issuer URL] [--keys DIR] [--clients FILE] [--citizens FILE] [--agents FILE]
  --port      TCP port (default 4400; 0 for a free one)
  --host      address to listen on (default 127.0.0.1)
  --issuer    issuer URL when reached through another address (default http://HOST:PORT/api/v2)
  --keys      signing keys and pairwise secret, created on first start (default .relais/idp)
  --clients   YAML or JSON list of clients {client_id, client_secret, client_name, redirect_uris,
              post_logout_redirect_uris, sector, token_endpoint_auth_method, signing_alg,
              audience: citizens (default) | agents}
  --citizens  demo citizens (default infra/citizens/citizens.yaml)
  --agents    demo agents (default infra/agents/agents.yaml)`;

function demoClient(keysDir: string): IdpClient {
  const file = path.join(keysDir, 'demo-client-secret');
  if (!existsSync(file)) {
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return {
    client_id: 'relais-portal',
    client_secret: readFileSync(file, 'utf8').trim(),
    client_name: 'Portail Relais',
    redirect_uris: ['http://localhost:4100/auth/callback'],
    post_logout_redirect_uris: ['http://localhost:4100/'],
    sector: 'portal',
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      issuer: { type: 'string' },
      keys: { type: 'string' },
      clients: { type: 'string' },
      citizens: { type: 'string' },
      agents: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port ?? '4400');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a TCP port (0-65535), got "${values.port}"`);
  }
  const keysDir = path.resolve(values.keys ?? path.join(root, '.relais', 'idp'));
  const clients = values.clients
    ? (parseYaml(readFileSync(values.clients, 'utf8')) as IdpClient[])
    : [demoClient(keysDir)];
  const idp = await startIdp({
    clients,
    keysDir,
    port,
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.issuer === undefined ? {} : { issuer: values.issuer }),
    ...(values.citizens === undefined ? {} : { citizensFile: values.citizens }),
    ...(values.agents === undefined ? {} : { agentsFile: values.agents }),
  });
  console.log(`Relais local identity provider (FranceConnect v2 shape)
  issuer     ${idp.issuer}
  discovery  ${idp.discoveryUrl}
  clients    ${clients.map((c) => c.client_id).join(', ')}
  accounts   ${idp.citizens.length} demo citizens, ${idp.agents.length} demo agents`);
  const stop = () => {
    void idp.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
