// A registry and a gateway on the run's broker, with the real catalog under agency ids unique to
// this test file (so its ingress, deliveries and rejects topics are its own), and dev keys.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import { asAgencyId, exampleMove, loadCatalog, topics, type Catalog } from '@relais/contracts';
import type { AddressChanged } from '@relais/contracts/generated';
import { newPivot } from '@relais/identity';
import { createLogger, createServiceMetrics } from '@relais/kit';
import { startRegistry, type RunningRegistry } from '@relais/registry';
import { committedOffset, kafkaBrokers, testKafka, uniqueName, waitFor } from '@relais/testkit';
import { parsePrometheus, type Exposition } from '@relais/testkit/prometheus';
import { ensureDevKeys } from '../src/auth/keys.ts';
import { startGateway, type GatewayOptions, type RunningGateway } from '../src/index.ts';
import { CLIENT_ASSERTION_TYPE } from '../src/auth/tokens.ts';

export function suffixedCatalog(suffix: string): Catalog {
  const { catalog } = loadCatalog();
  const rename = (id: string): string => `${id}-${suffix}`;
  return {
    agencies: catalog.agencies.map((a) => ({
      ...a,
      id: rename(a.id),
      urn: `urn:relais:agency:${rename(a.id)}`,
    })),
    contracts: catalog.contracts.map((c) => ({
      ...c,
      owner: rename(c.owner),
      publishers: c.publishers.map(rename),
    })),
    subscriptions: catalog.subscriptions.map((s) => ({ ...s, agency: rename(s.agency) })),
  };
}

export interface Env {
  registry: RunningRegistry;
  gateway: RunningGateway;
  keysDir: string;
  dataDir: string;
  id: (agency: string) => string;
  url: string;
  assertion(
    agency: string,
    overrides?: { exp?: number; iat?: number; aud?: string; jti?: string; key?: string },
  ): Promise<string>;
  token(agency: string): Promise<string>;
  enrol(sectors: string[]): Promise<Record<string, string>>;
  call(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** GET /metrics/prometheus over HTTP with the scrape token, parsed. */
  scrape(): Promise<Exposition>;
  /** The gateway's consumer groups' prefix. */
  groupPrefix: string;
  /**
   * Resolves once the gateway's inbox replica applied this record of a deliveries topic and its
   * webhook consumer committed past it.
   */
  inboxPast(record: { topic: string; partition: number; offset: string }): Promise<void>;
  /** Restarts the gateway; `wipe`: its data directory deleted meanwhile (a lost disk). */
  restartGateway(o?: { wipe?: boolean }): Promise<void>;
  /**
   * Another instance of the gateway beside the first (behind the same load balancer): same
   * registry, keys, topics and groups, its own data directory; closed with the env.
   */
  another(): Promise<RunningGateway>;
  /** `call`, on a given instance. */
  callOn(
    gateway: RunningGateway,
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

const SCRAPE_TOKEN = 'scrape-token-for-gateway-tests';

export async function startEnv(extra: Partial<GatewayOptions> = {}): Promise<Env> {
  const suffix = uniqueName('t').slice(-8);
  const catalog = suffixedCatalog(suffix);
  const keysDir = mkdtempSync(path.join(tmpdir(), 'relais-keys-'));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-gateway-'));
  await ensureDevKeys(
    keysDir,
    catalog.agencies.map((a) => a.id),
  );
  const logger = createLogger({
    service: 'gateway-test',
    level: process.env['TEST_LOG_LEVEL'] ?? 'silent',
  });
  const registry = await startRegistry({
    brokers: kafkaBrokers(),
    logger,
    topic: uniqueName('_relais_schemas.gw'),
    leaderGroup: uniqueName('relais-registry.gw'),
    leaderEligible: true,
    defaultLevel: 'BACKWARD_TRANSITIVE',
    publishContracts: true,
    host: '127.0.0.1',
    port: 0,
    catalog,
    keysDir,
  });
  const groupPrefix = uniqueName('relais-gateway');
  const pseudonymTopic = uniqueName('relais.pseudonyms');
  const inboxAcksTopic = uniqueName('relais.gateway.inbox-acks');
  const webhookEndpointsTopic = uniqueName('relais.gateway.webhook-endpoints');
  const webhookDeliveriesTopic = uniqueName('relais.gateway.webhook-deliveries');
  const assertionIdsTopic = uniqueName('relais.gateway.assertion-ids');
  const idempotencyTopic = uniqueName('relais.gateway.idempotency');
  const options = (): GatewayOptions => ({
    brokers: kafkaBrokers(),
    logger,
    registryUrl: registry.url,
    keysDir,
    dataDir,
    instance: 'test',
    host: '127.0.0.1',
    port: 0,
    catalog,
    groupPrefix,
    pseudonymTopic,
    inboxAcksTopic,
    webhookEndpointsTopic,
    webhookDeliveriesTopic,
    assertionIdsTopic,
    idempotencyTopic,
    // A registry per start: a restarted gateway counts from zero, as a new process would.
    metrics: createServiceMetrics('gateway', { scrapeToken: SCRAPE_TOKEN }),
    ...extra,
  });
  let gateway = await startGateway(options());
  const others: Array<{ gateway: RunningGateway; dir: string }> = [];
  const admin = testKafka().admin();
  await admin.connect();
  const env: Env = {
    registry,
    get gateway() {
      return gateway;
    },
    keysDir,
    dataDir,
    id: (agency) => `${agency}-${suffix}`,
    get url() {
      return gateway.url;
    },
    async assertion(agency, o = {}) {
      const id = env.id(agency);
      const key = await importPKCS8(
        readFileSync(path.join(o.key ?? keysDir, `${id}.private.pem`), 'utf8'),
        'ES256',
      );
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: `${id}-dev-1` })
        .setIssuer(id)
        .setSubject(id)
        .setAudience(o.aud ?? `${gateway.url}/v1/oauth/token`)
        .setIssuedAt(o.iat ?? now)
        .setExpirationTime(o.exp ?? now + 60)
        .setJti(o.jti ?? uniqueName('jti'))
        .sign(key);
    },
    async token(agency) {
      const res = await env.call('POST', '/v1/oauth/token', undefined, {
        grant_type: 'client_credentials',
        client_id: env.id(agency),
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        client_assertion: await env.assertion(agency),
      });
      if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.access_token as string;
    },
    async enrol(sectors) {
      return gateway.directory.enrol(newPivot(), sectors);
    },
    call: (method, p, token, body, headers) => callOn(gateway, method, p, token, body, headers),
    groupPrefix,
    async scrape() {
      const res = await fetch(`${gateway.url}/metrics/prometheus`, {
        headers: { authorization: `Bearer ${SCRAPE_TOKEN}` },
      });
      if (res.status !== 200) throw new Error(`scrape: ${res.status}`);
      return parsePrometheus(await res.text());
    },
    async inboxPast(record) {
      const agency = topics.deliveries.partOf(record.topic);
      if (agency)
        await gateway.inboxApplied(asAgencyId(agency), record.partition, Number(record.offset));
      await waitFor(
        async () =>
          Number(
            await committedOffset(admin, `${groupPrefix}.inbox`, record.topic, record.partition),
          ) > Number(record.offset),
        { what: `the inbox consumer past ${record.topic}/${record.partition}@${record.offset}` },
      );
    },
    async restartGateway(o = {}) {
      await gateway.close();
      if (o.wipe) rmSync(dataDir, { recursive: true, force: true });
      gateway = await startGateway(options());
    },
    async another() {
      const dir = mkdtempSync(path.join(tmpdir(), 'relais-gateway-'));
      const started = await startGateway({
        ...options(),
        dataDir: dir,
        instance: `test-${others.length + 2}`,
      });
      others.push({ gateway: started, dir });
      return started;
    },
    callOn: (g, method, p, token, body, headers) => callOn(g, method, p, token, body, headers),
    async close() {
      await admin.disconnect();
      for (const other of others) {
        await other.gateway.close().catch(() => undefined);
        rmSync(other.dir, { recursive: true, force: true });
      }
      await gateway.close();
      await registry.close();
      rmSync(keysDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return env;
}

// Through app.inject(): these tests are about the gateway's answers, not about sockets.
async function callOn(
  gateway: RunningGateway,
  method: string,
  p: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await gateway.app.inject({
    method: method as 'GET',
    url: p,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    ...(body !== undefined
      ? { payload: typeof body === 'string' ? body : JSON.stringify(body) }
      : {}),
  });
  let parsed: unknown = res.body;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    /* not JSON */
  }
  const answerHeaders = new Headers();
  for (const [k, v] of Object.entries(res.headers))
    if (v !== undefined) answerHeaders.set(k, String(v));
  return { status: res.statusCode, body: parsed, headers: answerHeaders };
}

/** An AddressChanged as JSON: its instant as an RFC 3339 string. */
export const address: Omit<AddressChanged, 'declaredAt'> & { declaredAt: string } = {
  ...exampleMove(),
  effectiveDate: '2026-11-01',
  declaredAt: '2026-11-02T09:30:00Z',
};
