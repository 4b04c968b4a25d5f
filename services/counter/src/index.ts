// The counter (issue 15, dec-039): France Services agents sign in the ProConnect way and act for a
// citizen under a mandate held by their structure. This file wires the adapters — the agents'
// relying party, the sessions, the identity links and pseudonym directory (read only: to find the
// citizen an agent has in front of them), the token signer, the consent service and notifier
// clients, the refusals' journal — and the HTTP plugin (app.ts), and is the process entry.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadCatalog, topics } from '@relais/contracts';
import { counterJournal } from '@relais/consent/counter';
import { IdentityLinks, identityKeyIn, PseudonymDirectory, pseudonymKeyIn } from '@relais/identity';
import {
  AvroSerde,
  createHttpApp,
  createKafka,
  createProducer,
  createServiceMetrics,
  DEFAULT_PARTITIONS,
  kafkaAuthOf,
  runServiceProcess,
  systemClock,
  type Clock,
  type KafkaAuth,
  type Logger,
  type ServiceMetrics,
} from '@relais/kit';
import { defaultSessionPolicy, sessionCookieScheme, type SessionPolicy } from '@relais/web';
import { counterApi } from './adapters/counter-api.ts';
import { citizenRelyingParty, counterRelyingParty, type OidcOptions } from './adapters/oidc.ts';
import { counterSessions } from './adapters/sessions.ts';
import { tokenSigner } from './adapters/token-signer.ts';
import { counterApp, loadCounterAssets } from './app.ts';
import { loadConfig } from './config.ts';
import { counterCookies, type CitizenFinder, type RefusalLog } from './routes/web.ts';

export { counterApp, loadCounterAssets, type CounterWebDeps } from './app.ts';
export { tokenSigner } from './adapters/token-signer.ts';

export interface CounterOptions {
  brokers: string[];
  /** Its Kafka principal (dec-031): its configuration's (kit `kafkaAuthOf`), or one given. */
  kafkaAuth?: KafkaAuth | undefined;
  logger: Logger;
  registryUrl: string;
  publicUrl: string;
  oidc: Omit<OidcOptions, 'redirectUri' | 'postLogoutRedirectUri'>;
  /**
   * The citizens' client (FranceConnect's shape): a citizen confirms a new mandate by signing in
   * once on the agent's screen. Absent: the signed attestation only.
   */
  citizenOidc?: Omit<OidcOptions, 'redirectUri' | 'postLogoutRedirectUri'> | undefined;
  consentUrl: string;
  notifierUrl: string;
  keysDir: string;
  dataDir: string;
  host: string;
  port: number;
  instance?: string;
  session?: Partial<SessionPolicy>;
  clock?: Clock;
  pseudonymTopic?: string | undefined;
  identityLinksTopic?: string | undefined;
  counterActionsTopic?: string | undefined;
  partitions?: number;
  metrics?: ServiceMetrics;
  /** The catalog's id of an agency the counter's offers name (tests: suffixed ids). */
  agencyId?: (agency: string) => string;
}

export interface RunningCounter {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function startCounter(options: CounterOptions): Promise<RunningCounter> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const instance = options.instance ?? 'counter-1';
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  const publicUrl = options.publicUrl.replace(/\/$/, '');
  const kafka = createKafka({
    brokers: options.brokers,
    clientId: `relais-counter-${instance}`,
    logger,
    service: 'counter',
    auth: options.kafkaAuth,
  });
  const producer = createProducer(kafka);
  await producer.connect();
  const directory = new PseudonymDirectory({
    kafka,
    producer,
    logger,
    key: pseudonymKeyIn(options.keysDir),
    dataDir: path.join(options.dataDir, 'pseudonyms'),
    instance: `relais-counter.${instance}`,
    ...(options.pseudonymTopic ? { topic: options.pseudonymTopic } : {}),
    partitions,
  });
  const links = new IdentityLinks({
    kafka,
    logger,
    key: identityKeyIn(options.keysDir),
    dataDir: path.join(options.dataDir, 'identity-links'),
    instance: `relais-counter.${instance}`,
    ...(options.identityLinksTopic ? { topic: options.identityLinksTopic } : {}),
    partitions,
  });
  // The citizen in front of the agent, by their identity document: enrolled, or nobody.
  const citizens: CitizenFinder = {
    find(identity) {
      const pivot = links.resolve(identity);
      if (!pivot) return undefined;
      const pseudonym = directory.pseudonymOf('portal', pivot);
      return directory.resolve('portal', pseudonym) === pivot ? pseudonym : undefined;
    },
  };
  const journal = counterJournal({
    producer,
    serde: new AvroSerde(options.registryUrl),
    topic: options.counterActionsTopic ?? topics.counterActions.name,
    clock,
  });
  // Someone signed in who is no France Services agent of a structure: no citizen is concerned.
  const refusals: RefusalLog = {
    async refused(who, reason) {
      await journal
        .write({
          agent: { sub: who.sub, name: who.name, structure: { id: 'none', name: '—' } },
          action: 'CITIZEN_OPENED',
          refused: `counter.${reason}`,
        })
        .catch((err: unknown) => logger.warn({ err }, 'refusal not journaled'));
    },
    // Someone else signed in to confirm a citizen's new mandate: journaled to that citizen.
    async mismatch(agent, citizen) {
      await journal.write({
        pivot: directory.resolve('portal', citizen),
        agent,
        action: 'MANDATE_CREATED',
        refused: 'counter.confirmation-mismatch',
      });
    },
  };
  const signer = await tokenSigner(options.keysDir, clock);
  const sessions = counterSessions({
    dataDir: options.dataDir,
    clock,
    policy: { ...defaultSessionPolicy, ...options.session },
  });
  const rp = await counterRelyingParty({
    ...options.oidc,
    redirectUri: `${publicUrl}/auth/callback`,
    postLogoutRedirectUri: `${publicUrl}/signed-out`,
  });
  const citizenRp = options.citizenOidc
    ? await citizenRelyingParty({
        ...options.citizenOidc,
        redirectUri: `${publicUrl}/mandates/confirm/callback`,
        postLogoutRedirectUri: `${publicUrl}/mandates/confirm/done`,
      })
    : undefined;
  let ready = false;
  const app = await createHttpApp({
    logger,
    service: 'counter',
    description: 'France Services agents act for a citizen under a mandate (pages).',
    bodyLimitBytes: 16 * 1024,
    securitySchemes: {
      counterSession: sessionCookieScheme(
        counterCookies({ publicUrl }).session,
        'France Services agents',
      ),
    },
    metrics: options.metrics ?? createServiceMetrics('counter'),
    readiness: {
      started: () => {
        if (!ready) throw new Error('identity links or pseudonym directory not loaded yet');
      },
    },
  });
  await app.register(counterApp, {
    api: counterApi({ consentUrl: options.consentUrl, notifierUrl: options.notifierUrl, signer }),
    citizens,
    refusals,
    rp,
    citizenRp,
    sessions,
    clock,
    publicUrl,
    assets: loadCounterAssets(),
    agencyId: options.agencyId,
    catalog: loadCatalog().catalog,
  });
  await directory.start();
  await links.start();
  const url = await app.listen({ host: options.host, port: options.port });
  ready = true;
  logger.info({ url }, 'counter ready');
  return {
    app,
    url,
    async close() {
      await app.close();
      await links.stop();
      await directory.stop();
      await producer.disconnect();
      sessions.close();
    },
  };
}

// The counter process: config, telemetry (--import), start, graceful stop.
if (import.meta.main) {
  await runServiceProcess('counter', loadConfig, (config, logger, metrics) =>
    startCounter({
      metrics,
      brokers: config.KAFKA_BROKERS,
      logger,
      registryUrl: config.SCHEMA_REGISTRY_URL,
      kafkaAuth: kafkaAuthOf(config),
      publicUrl: config.COUNTER_PUBLIC_URL,
      oidc: {
        issuer: config.COUNTER_OIDC_ISSUER,
        clientId: config.COUNTER_OIDC_CLIENT_ID,
        clientSecret: config.COUNTER_OIDC_CLIENT_SECRET,
        clientAuth: config.COUNTER_OIDC_CLIENT_AUTH,
      },
      citizenOidc: config.COUNTER_CITIZEN_OIDC_CLIENT_SECRET
        ? {
            issuer: config.COUNTER_CITIZEN_OIDC_ISSUER ?? config.COUNTER_OIDC_ISSUER,
            clientId: config.COUNTER_CITIZEN_OIDC_CLIENT_ID,
            clientSecret: config.COUNTER_CITIZEN_OIDC_CLIENT_SECRET,
            clientAuth: config.COUNTER_OIDC_CLIENT_AUTH,
          }
        : undefined,
      consentUrl: config.COUNTER_CONSENT_URL,
      notifierUrl: config.COUNTER_NOTIFIER_URL,
      keysDir: config.COUNTER_KEYS_DIR,
      dataDir: config.COUNTER_DATA_DIR,
      host: config.HTTP_HOST,
      port: config.HTTP_PORT,
      instance: config.COUNTER_INSTANCE,
      counterActionsTopic: config.COUNTER_COUNTER_ACTIONS_TOPIC,
      partitions: config.RELAIS_PARTITIONS,
      session: {
        idleMs: config.COUNTER_SESSION_IDLE_MINUTES * 60_000,
        maxMs: config.COUNTER_SESSION_MAX_HOURS * 3_600_000,
      },
    }),
  );
}
