// Starting registries for tests: each test file its own storage topic and leader group.
import { kafkaBrokers, uniqueName } from '@relais/testkit';
import { createLogger, type ServiceMetrics } from '@relais/kit';
import type { Catalog } from '@relais/contracts';
import { startRegistry, type RunningRegistry } from '../src/index.ts';

export const emptyCatalog: Catalog = { contracts: [], agencies: [], subscriptions: [] };

export function registryFactory(prefix: string) {
  const topic = uniqueName(`_relais_schemas.${prefix}`);
  const leaderGroup = uniqueName(`relais-registry.${prefix}`);
  const running: RunningRegistry[] = [];
  return {
    topic,
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
      });
      running.push(registry);
      return registry;
    },
    async closeAll(): Promise<void> {
      await Promise.all(running.splice(0).map((r) => r.close()));
    },
  };
}

export const CT = 'application/vnd.schemaregistry.v1+json';

/**
 * One request to a registry: through `app.inject()` (no socket) when given the running registry,
 * over HTTP when given a URL. A follower still forwards writes to its leader over HTTP.
 */
export async function call(
  target: RunningRegistry | string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const payload = JSON.stringify(body);
  let status: number;
  let text: string;
  let headers: Headers;
  if (typeof target === 'string') {
    const res = await fetch(`${target}${path}`, {
      method,
      headers: { 'content-type': CT, accept: CT },
      ...(body !== undefined ? { body: payload } : {}),
    });
    status = res.status;
    text = await res.text();
    headers = res.headers;
  } else {
    const res = await target.app.inject({
      method: method as 'GET',
      url: path,
      headers: { 'content-type': CT, accept: CT },
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
