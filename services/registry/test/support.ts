// Starting registries for tests: each test file its own storage topic, leader group and keys
// folder (the operator's and the contract stewards' tokens, as the development keys have them).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kafkaBrokers, uniqueName } from '@relais/testkit';
import { createLogger, type ServiceMetrics } from '@relais/kit';
import type { Catalog } from '@relais/contracts';
import { startRegistry, type RunningRegistry } from '../src/index.ts';

export const emptyCatalog: Catalog = { contracts: [], agencies: [], subscriptions: [] };

/** The tokens of the test keys folders. */
export const OPERATOR_TOKEN = 'test-operator-token-0123456789abcdef';
export const STEWARD_TOKEN = 'test-steward-token-0123456789abcdef';

/** `Authorization` values: bearer tokens, and HTTP Basic as Confluent's `basic.auth.user.info`. */
export const credentials = {
  operator: `Bearer ${OPERATOR_TOKEN}`,
  steward: `Bearer ${STEWARD_TOKEN}`,
  operatorBasic: `Basic ${Buffer.from(`operator:${OPERATOR_TOKEN}`).toString('base64')}`,
  stewardBasic: `Basic ${Buffer.from(`steward:${STEWARD_TOKEN}`).toString('base64')}`,
} as const;

/** A steward's credential as a Confluent client or Relais' serde sends it (HTTP Basic). */
export const stewardAuth = { username: 'steward', password: STEWARD_TOKEN };

export function testKeysDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-registry-keys-'));
  writeFileSync(path.join(dir, 'operator.token'), `${OPERATOR_TOKEN}\n`, { mode: 0o600 });
  writeFileSync(path.join(dir, 'steward.token'), `${STEWARD_TOKEN}\n`, { mode: 0o600 });
  return dir;
}

export function registryFactory(prefix: string) {
  const topic = uniqueName(`_relais_schemas.${prefix}`);
  const leaderGroup = uniqueName(`relais-registry.${prefix}`);
  const keysDir = testKeysDir();
  const running: RunningRegistry[] = [];
  return {
    topic,
    keysDir,
    async start(
      options: {
        catalog?: Catalog;
        publish?: boolean;
        leaderEligible?: boolean;
        metrics?: ServiceMetrics;
      } = {},
    ): Promise<RunningRegistry> {
      const registry = await startRegistry({
        brokers: kafkaBrokers(),
        logger: createLogger({
          service: 'registry-test',
          level: process.env['TEST_LOG_LEVEL'] ?? 'silent',
        }),
        topic,
        leaderGroup,
        leaderEligible: options.leaderEligible ?? true,
        defaultLevel: 'BACKWARD_TRANSITIVE',
        publishContracts: options.publish ?? false,
        host: '127.0.0.1',
        port: 0,
        catalog: options.catalog ?? emptyCatalog,
        ...(options.metrics ? { metrics: options.metrics } : {}),
        keysDir,
      });
      running.push(registry);
      return registry;
    },
    async closeAll(): Promise<void> {
      await Promise.all(running.splice(0).map((r) => r.close()));
      rmSync(keysDir, { recursive: true, force: true });
    },
  };
}

export const CT = 'application/vnd.schemaregistry.v1+json';

/**
 * One request to a registry: through `app.inject()` (no socket) when given the running registry,
 * over HTTP when given a URL. A follower still forwards writes to its leader over HTTP. Sent with
 * the operator's credential unless `auth` says otherwise (`null`: none).
 */
export async function call(
  target: RunningRegistry | string,
  method: string,
  path: string,
  body?: unknown,
  auth: string | null = credentials.operator,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const payload = JSON.stringify(body);
  const sent: Record<string, string> = { 'content-type': CT, accept: CT };
  if (auth !== null) sent['authorization'] = auth;
  let status: number;
  let text: string;
  let headers: Headers;
  if (typeof target === 'string') {
    const res = await fetch(`${target}${path}`, {
      method,
      headers: sent,
      ...(body !== undefined ? { body: payload } : {}),
    });
    status = res.status;
    text = await res.text();
    headers = res.headers;
  } else {
    const res = await target.app.inject({
      method: method as 'GET',
      url: path,
      headers: sent,
      ...(body !== undefined ? { payload } : {}),
    });
    status = res.statusCode;
    text = res.body;
    headers = new Headers();
    for (const [k, v] of Object.entries(res.headers))
      if (v !== undefined) headers.set(k, String(v));
  }
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* raw schema text */
  }
  return { status, body: parsed, headers };
}

export const record = (
  name: string,
  fields: Array<Record<string, unknown>>,
  extra: Record<string, unknown> = {},
) => JSON.stringify({ type: 'record', name, namespace: 'fr.gouv.test', fields, ...extra });
