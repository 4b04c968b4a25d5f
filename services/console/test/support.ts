// The console on the whole chain: startRelais() (registry, gateway, consent, router, eligibility,
// notifier) on the run's broker, and the console started in process on the harness's topics, its
// index reading the shared topics (events, dead letters) from this file's start only. The operator
// is a stub: the header `x-test-operator` names one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createEnvelope,
  createKafka,
  createProducer,
  createServiceMetrics,
  envelopeToHeaders,
  startTelemetry,
  type OutgoingRecord,
  type RelaisProducer,
} from '@relais/kit';
import { startRelais, type Relais, type RelaisOptions } from '@relais/harness';
import { startIdp, type Idp } from '@relais/idp';
import { uniqueName } from '@relais/testkit';
import { startConsole, type RunningConsole } from '../src/index.ts';
import type { Operator } from '../src/domain/views.ts';
import { freePort } from './web-support.ts';

/** The console's scrape token in these tests (GET /metrics/prometheus). */
export const SCRAPE_TOKEN = 'console-test-scrape-token';

export const camille: Operator = { sub: 'op-camille', displayName: 'Camille Martin (DINUM)' };

export interface World {
  relais: Relais;
  console: RunningConsole;
  producer: RelaisProducer;
  journalTopic: string;
  /** With `web`: the local provider whose agents' client the console's pages sign in through. */
  idp?: Idp;
  /** The console's API as the operator (or as nobody). */
  api(method: string, p: string, body?: unknown, as?: Operator | null): Promise<Api>;
  close(): Promise<void>;
}

export interface Api {
  status: number;
  body: any;
}

export async function startWorld(
  options: RelaisOptions = {},
  o: { web?: boolean } = {},
): Promise<World> {
  // Spans make the traceparent headers the index links hops by (as --import does in a process).
  startTelemetry({ serviceName: 'console-test' });
  const since = new Date(Date.now() - 1_000);
  const relais = await startRelais(options);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-console-'));
  const journalTopic = uniqueName('relais.operator-actions');
  // The harness names its groups `<prefix>.<service>…`: the lag page shows this harness's.
  const groups = String(relais.router.options().groupPrefix).replace(/\.router$/, '');
  const operators = new Map<string, Operator>([[camille.sub, camille]]);
  // With pages: the console on a port of its own (the provider knows its callback), its agents'
  // client at a local provider, operators signing in as the demo agents of infra/agents.
  const port = o.web ? await freePort() : 0;
  const origin = `http://127.0.0.1:${port}`;
  const secret = 'console-e2e-secret-0123456789abcdef012345';
  const idp = o.web
    ? await startIdp({
        keysDir: path.join(dataDir, 'idp'),
        clients: [
          {
            client_id: 'relais-console',
            client_secret: secret,
            client_name: 'Console Relais',
            redirect_uris: [`${origin}/auth/callback`],
            post_logout_redirect_uris: [`${origin}/signed-out`],
            sector: 'console',
            audience: 'agents',
          },
        ],
      })
    : undefined;
  const console = await startConsole({
    brokers: relais.brokers,
    logger: relais.logger,
    registryUrl: relais.registry.url,
    keysDir: relais.keysDir,
    dataDir,
    instance: 'test',
    host: '127.0.0.1',
    port,
    gatewayUrl: relais.gateway.url,
    metrics: [
      { service: 'router', url: `${relais.router.service.url}/metrics` },
      { service: 'nowhere', url: 'http://127.0.0.1:9/metrics' },
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
      journal: journalTopic,
    },
    groupPrefix: uniqueName('relais-console'),
    since,
    discoverEveryMs: 10_000,
    auditEveryMs: 2_000,
    prometheus: createServiceMetrics('console', { scrapeToken: SCRAPE_TOKEN }),
    ...(idp
      ? {
          web: {
            publicUrl: origin,
            oidc: {
              issuer: idp.issuer,
              clientId: 'relais-console',
              clientSecret: secret,
              clientAuth: 'client_secret_post' as const,
              redirectUri: `${origin}/auth/callback`,
              postLogoutRedirectUri: `${origin}/signed-out`,
              acr: 'eidas1' as const,
            },
            sessionsDir: path.join(dataDir, 'sessions'),
            session: { idleMs: 30 * 60_000, maxMs: 8 * 3_600_000 },
            traceUiUrl: 'http://zipkin.test/zipkin',
            refreshSeconds: 30,
          },
        }
      : {
          authenticate: async (request: { headers: Record<string, unknown> }) =>
            operators.get(String(request.headers['x-test-operator'])) ?? null,
        }),
  });
  const kafka = createKafka({
    brokers: relais.brokers,
    clientId: 'console-test',
    logger: relais.logger,
  });
  const producer = createProducer(kafka);
  await producer.connect();
  return {
    relais,
    console,
    producer,
    journalTopic,
    ...(idp ? { idp } : {}),
    async api(method, p, body, as = camille) {
      const res = await fetch(`${console.url}${p}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(as ? { 'x-test-operator': as.sub } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      await producer.disconnect().catch(() => undefined);
      await console.close().catch(() => undefined);
      await idp?.close();
      await relais.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A native record as an agency's producer writes it to relais.ingress.<agency>. */
export function nativeRecord(
  relais: Relais,
  agency: string,
  contract: string,
  key: string,
  value: Buffer,
  id = uniqueName('native'),
): OutgoingRecord & { id: string } {
  const envelope = createEnvelope(
    { source: `urn:relais:agency:${relais.id(agency)}`, type: contract },
    { clock: relais.clock, ids: () => id },
  );
  return { id, key, value, headers: envelopeToHeaders(envelope) };
}
