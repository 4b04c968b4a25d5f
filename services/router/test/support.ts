// The whole chain on the run's broker: registry, gateway, consent service and router, with the
// real catalog under agency ids unique to this test file, dev keys, enrolled citizens.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import { loadCatalog, type Catalog } from '@relais/contracts';
import { newPivot, type Pivot } from '@relais/identity';
import { AvroSerde, createLogger } from '@relais/kit';
import { startConsent } from '@relais/consent';
import { startGateway, type RunningGateway } from '@relais/gateway';
import { ensureDevKeys } from '@relais/gateway/keys';
import { startRegistry, type RunningRegistry } from '@relais/registry';
import { kafkaBrokers, uniqueName } from '@relais/testkit';
import { startRouter, type RouterOptions, type RunningRouter } from '../src/index.ts';

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
    subscriptions: catalog.subscriptions.map((s) => ({
      ...s,
      id: `${s.id}-${suffix}`,
      agency: rename(s.agency),
    })),
  };
}

export type Json = Record<string, any>;

export async function startChain() {
  const suffix = uniqueName('t').slice(-8);
  const id = (agency: string): string => `${agency}-${suffix}`;
  const catalog = suffixedCatalog(suffix);
  const keysDir = mkdtempSync(path.join(tmpdir(), 'relais-keys-'));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-chain-'));
  await ensureDevKeys(
    keysDir,
    catalog.agencies.map((a) => a.id),
  );
  const logger = createLogger({
    service: 'chain-test',
    level: process.env['TEST_LOG_LEVEL'] ?? 'silent',
  });
  const brokers = kafkaBrokers();
  const topics = {
    pseudonyms: uniqueName('relais.pseudonyms'),
    consents: uniqueName('relais.consents'),
    accessLog: uniqueName('relais.access-log'),
  };
  const groupPrefix = uniqueName('relais-test');
  const registry: RunningRegistry = await startRegistry({
    brokers,
    logger,
    topic: uniqueName('_relais_schemas.chain'),
    leaderGroup: uniqueName('relais-registry.chain'),
    leaderEligible: true,
    defaultLevel: 'BACKWARD_TRANSITIVE',
    publishContracts: true,
    host: '127.0.0.1',
    port: 0,
    catalog,
  });
  const gateway: RunningGateway = await startGateway({
    brokers,
    logger,
    registryUrl: registry.url,
    keysDir,
    dataDir: path.join(dataDir, 'gateway'),
    instance: 'test',
    host: '127.0.0.1',
    port: 0,
    catalog,
    groupPrefix: `${groupPrefix}.gw`,
    pseudonymTopic: topics.pseudonyms,
  });
  const devTokenSecret = 'test-dev-token-secret-test-dev-token-secret';
  const consent = await startConsent({
    brokers,
    logger,
    registryUrl: registry.url,
    dataDir: path.join(dataDir, 'consent'),
    keysDir,
    devTokens: true,
    devTokenSecret,
    host: '127.0.0.1',
    port: 0,
    catalog,
    instance: 'test',
    pseudonymTopic: topics.pseudonyms,
    consentsTopic: topics.consents,
    accessLogTopic: topics.accessLog,
    groupPrefix: `${groupPrefix}.consent`,
  });
  let routerOverrides: Partial<RouterOptions> = {};
  const routerOptions = (): RouterOptions => ({
    brokers,
    logger,
    registryUrl: registry.url,
    keysDir,
    dataDir: path.join(dataDir, 'router'),
    instance: 'test',
    host: '127.0.0.1',
    port: 0,
    catalog,
    groupPrefix: `${groupPrefix}.router`,
    consentsTopic: topics.consents,
    accessLogTopic: topics.accessLog,
    fromBeginning: false,
    ...routerOverrides,
  });
  let router: RunningRouter = await startRouter(routerOptions());
  const catalogFile = path.join(dataDir, 'catalog.json');
  writeFileSync(catalogFile, JSON.stringify(catalog));

  async function call(
    base: string,
    method: string,
    p: string,
    token?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed };
  }

  const chain = {
    suffix,
    devTokenSecret,
    id,
    catalog,
    registry,
    gateway,
    consent,
    topics,
    keysDir,
    dataDir,
    catalogFile,
    logger,
    routerOptions,
    call,
    get router() {
      return router;
    },
    serde: new AvroSerde(registry.url),
    async agencyToken(agency: string): Promise<string> {
      const key = await importPKCS8(
        readFileSync(path.join(keysDir, `${id(agency)}.private.pem`), 'utf8'),
        'ES256',
      );
      const assertion = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(id(agency))
        .setSubject(id(agency))
        .setAudience('relais-gateway')
        .setIssuedAt()
        .setExpirationTime('2m')
        .setJti(uniqueName('jti'))
        .sign(key);
      const res = await call(gateway.url, 'POST', '/v1/oauth/token', undefined, {
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      });
      return res.body.access_token as string;
    },
    async citizen(sectors: string[]) {
      const pivot: Pivot = newPivot();
      const pseudonyms = await gateway.directory.enrol(pivot, [...sectors, 'portal']);
      const token = (
        await call(consent.url, 'POST', '/v1/dev/citizen-token', undefined, {
          pseudonym: pseudonyms['portal'],
        })
      ).body.access_token as string;
      return { pivot, pseudonyms, token };
    },
    async inbox(agency: string, token?: string): Promise<Json[]> {
      const res = await call(
        gateway.url,
        'GET',
        '/v1/inbox?limit=500',
        token ?? (await chain.agencyToken(agency)),
      );
      return res.body.events as Json[];
    },
    async restartRouter(): Promise<void> {
      await router.close();
      router = await startRouter(routerOptions());
    },
    setRouterOptions(overrides: Partial<RouterOptions>): void {
      routerOverrides = overrides;
    },
    async stopRouter(): Promise<void> {
      await router.close();
    },
    async startRouterAgain(): Promise<void> {
      router = await startRouter(routerOptions());
    },
    async close(): Promise<void> {
      await router.close().catch(() => undefined);
      await consent.close();
      await gateway.close();
      await registry.close();
      rmSync(keysDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return chain;
}

export type Chain = Awaited<ReturnType<typeof startChain>>;

export const address = (postcode = '69002') => ({
  street: '12 rue de la République',
  additionalLine: null,
  postcode,
  cityCode: '69382',
  city: 'LYON',
  countryCode: 'FR',
  effectiveDate: '2026-11-01',
  moveKind: 'WITHIN_COMMUNE',
  declaredAt: '2026-11-02T09:30:00Z',
});
