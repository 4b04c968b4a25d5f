// A registry and a consent service on the run's broker, with topics and groups unique to this test
// file, dev keys in a temp dir, and a PseudonymDirectory (as the enrolment of citizens does) on the
// same pseudonym topic as the service.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureDevKeys } from '@relais/gateway/keys';
import { loadCatalog } from '@relais/contracts';
import { newPivot, PseudonymDirectory, pseudonymKeyIn, type Pivot } from '@relais/identity';
import { createKafka, createLogger, createProducer, type RelaisProducer } from '@relais/kit';
import { startRegistry, type RunningRegistry } from '@relais/registry';
import { kafkaBrokers, uniqueName, waitFor } from '@relais/testkit';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { PORTAL_TOKEN_ISSUER, PORTAL_TOKEN_PUBLIC_KEY_FILE } from '../src/auth/citizen-tokens.ts';
import { startConsent, type ConsentOptions, type RunningConsent } from '../src/index.ts';

export interface Enrolled {
  pivot: Pivot;
  /** The citizen's pseudonym in sector `portal`. */
  portal: string;
  token: string;
}

export interface Env {
  registry: RunningRegistry;
  consent: RunningConsent;
  options: ConsentOptions;
  url: string;
  topics: { pseudonyms: string; consents: string; accessLog: string };
  /** A new citizen enrolled in sectors portal and family, with a dev token. */
  enrol(): Promise<Enrolled>;
  token(pseudonym: string): Promise<string>;
  /** A portal access token (ES256, aud relais-consent), signed with the keys folder's portal key. */
  portalToken(pseudonym: string, acr?: string): Promise<string>;
  /** A request injected into the service's app (no socket); `on` another instance. */
  call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    token?: string,
    body?: unknown,
    on?: RunningConsent,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** Stops the service and starts it again on the same data dir, groups and topics. */
  restart(): Promise<void>;
  /** Another instance of the service on the same topics (its own data dir and groups). */
  startInstance(extra: Partial<ConsentOptions>): Promise<RunningConsent>;
  close(): Promise<void>;
}

export async function startEnv(extra: Partial<ConsentOptions> = {}): Promise<Env> {
  const { catalog } = loadCatalog();
  const keysDir = mkdtempSync(path.join(tmpdir(), 'relais-keys-'));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-consent-'));
  await ensureDevKeys(keysDir, []);
  // The portal's token key pair, as the portal writes it into the shared keys folder.
  const portalPair = await generateKeyPair('ES256', { extractable: true });
  writeFileSync(
    path.join(keysDir, PORTAL_TOKEN_PUBLIC_KEY_FILE),
    JSON.stringify({
      ...(await exportJWK(portalPair.publicKey)),
      alg: 'ES256',
      use: 'sig',
      kid: 'portal-test',
    }),
  );
  const logger = createLogger({
    service: 'consent-test',
    level: process.env['TEST_LOG_LEVEL'] ?? 'silent',
  });
  const registry = await startRegistry({
    brokers: kafkaBrokers(),
    logger,
    topic: uniqueName('_relais_schemas.consent'),
    leaderGroup: uniqueName('relais-registry.consent'),
    leaderEligible: true,
    defaultLevel: 'BACKWARD_TRANSITIVE',
    publishContracts: true,
    host: '127.0.0.1',
    port: 0,
    catalog,
    keysDir,
  });
  const topics = {
    pseudonyms: uniqueName('relais.pseudonyms'),
    consents: uniqueName('relais.consents'),
    accessLog: uniqueName('relais.access-log'),
  };
  const options: ConsentOptions = {
    brokers: kafkaBrokers(),
    logger,
    registryUrl: registry.url,
    dataDir,
    keysDir,
    devTokens: true,
    devTokenSecret: randomBytes(32).toString('base64url'),
    host: '127.0.0.1',
    port: 0,
    catalog,
    instance: 'test',
    pseudonymTopic: topics.pseudonyms,
    consentsTopic: topics.consents,
    accessLogTopic: topics.accessLog,
    groupPrefix: uniqueName('relais-consent'),
    ...extra,
  };
  let consent = await startConsent(options);

  // The enrolment side: its own directory, producer and files on the same topic.
  const kafka = createKafka({ brokers: kafkaBrokers(), clientId: 'consent-test-enrol', logger });
  const producer: RelaisProducer = createProducer(kafka);
  await producer.connect();
  const enrolDir = mkdtempSync(path.join(tmpdir(), 'relais-enrol-'));
  const directory = new PseudonymDirectory({
    kafka,
    producer,
    logger,
    key: pseudonymKeyIn(keysDir),
    dataDir: enrolDir,
    topic: topics.pseudonyms,
    instance: uniqueName('enrol'),
  });
  await directory.start();
  const instances: Array<{ running: RunningConsent; dir: string }> = [];

  const env: Env = {
    registry,
    get consent() {
      return consent;
    },
    options,
    get url() {
      return consent.url;
    },
    topics,
    async enrol() {
      const pivot = newPivot();
      const { portal } = await directory.enrol(pivot, ['portal', 'family']);
      if (!portal) throw new Error('no portal pseudonym');
      // The service's own directory reads the same topic: wait until it knows the citizen.
      await waitFor(() => consent.directory.resolve('portal', portal) !== undefined, {
        what: 'the consent service to know the new citizen',
      });
      return { pivot, portal, token: await env.token(portal) };
    },
    async token(pseudonym) {
      const res = await env.call('POST', '/v1/dev/citizen-token', undefined, { pseudonym });
      if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.access_token as string;
    },
    async portalToken(pseudonym, acr = 'eidas1') {
      return new SignJWT({ acr })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'portal-test' })
        .setIssuer(PORTAL_TOKEN_ISSUER)
        .setAudience('relais-consent')
        .setSubject(pseudonym)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(portalPair.privateKey);
    },
    async call(method, p, token, body, on) {
      const res = await (on ?? consent).app.inject({
        method,
        url: p,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      let parsed: unknown = res.body;
      try {
        parsed = JSON.parse(res.body);
      } catch {
        /* not JSON */
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(res.headers))
        if (value !== undefined) headers.set(name, String(value));
      return { status: res.statusCode, body: parsed, headers };
    },
    async restart() {
      await consent.close();
      consent = await startConsent(options);
    },
    async startInstance(more) {
      const dir = mkdtempSync(path.join(tmpdir(), 'relais-consent-'));
      const running = await startConsent({ ...options, dataDir: dir, ...more });
      instances.push({ running, dir });
      return running;
    },
    async close() {
      for (const { running, dir } of instances) {
        await running.close();
        rmSync(dir, { recursive: true, force: true });
      }
      await consent.close();
      await directory.stop();
      await producer.disconnect();
      await registry.close();
      for (const d of [keysDir, dataDir, enrolDir]) rmSync(d, { recursive: true, force: true });
    },
  };
  return env;
}
