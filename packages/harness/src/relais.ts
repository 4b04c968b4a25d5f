// The whole of Relais in this process, on the run's broker: the registry, gateway, consent service
// and router, and on demand the eligibility service and the notifier (with a local SMTP server).
// The real catalog runs under agency ids unique to this harness; every topic Relais lets a caller
// name and every consumer group is unique too, so test files share one broker without seeing each
// other. One clock is handed to every service and dates the fixtures. Why this is a package of
// its own and not part of @relais/testkit: docs/decisions.md, dec-023.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import { loadCatalog, topics as declared, type Catalog } from '@relais/contracts';
import { newPivot, type Pivot } from '@relais/identity';
import {
  AvroSerde,
  createKafka,
  createLogger,
  DEFAULT_PARTITIONS,
  ensureTopics,
  systemClock,
  type Clock,
  type Logger,
} from '@relais/kit';
import { startConsent } from '@relais/consent';
import { startEligibility } from '@relais/eligibility';
import { startGateway } from '@relais/gateway';
import { ensureDevKeys } from '@relais/gateway/keys';
import { startNotifier } from '@relais/notifier';
import { startRegistry } from '@relais/registry';
import { startRouter } from '@relais/router';
import { calendar, kafkaBrokers, uniqueName, waitFor } from '@relais/testkit';
import {
  startSmtpServer,
  type SmtpServerHandle,
  type SmtpServerOptions,
} from '@relais/testkit/mail';
import {
  readDeterminations,
  type Determined,
  type DeterminationsReader,
} from './determinations.ts';
import { factsOn, type Facts, type Json } from './fixtures.ts';

// The services' shapes, taken from their start functions: the one surface of theirs the harness
// relies on, whatever files they are written in.
export type RegistryOptions = Parameters<typeof startRegistry>[0];
export type GatewayOptions = Parameters<typeof startGateway>[0];
export type ConsentOptions = Parameters<typeof startConsent>[0];
export type RouterOptions = Parameters<typeof startRouter>[0];
export type EligibilityOptions = Parameters<typeof startEligibility>[0];
export type NotifierOptions = Parameters<typeof startNotifier>[0];
export type RunningRegistry = Awaited<ReturnType<typeof startRegistry>>;
export type RunningGateway = Awaited<ReturnType<typeof startGateway>>;
export type RunningConsent = Awaited<ReturnType<typeof startConsent>>;
export type RunningRouter = Awaited<ReturnType<typeof startRouter>>;
export type RunningEligibility = Awaited<ReturnType<typeof startEligibility>>;
export type RunningNotifier = Awaited<ReturnType<typeof startNotifier>>;

/** The notifier's options to override, and the local SMTP server's (unused when `smtp` is given). */
export type NotifierOverrides = Partial<NotifierOptions> & { mailServer?: SmtpServerOptions };

export interface RelaisOptions {
  /**
   * Handed to every service and counted from by the fixtures. Default: the system clock, which
   * the broker's log-append time shares (consent is judged at an event's append time).
   */
  clock?: Clock;
  /** Default: the run's broker (`@relais/testkit`'s global setup). */
  brokers?: string[];
  /** Start the eligibility service too, with these options overridden. */
  eligibility?: true | Partial<EligibilityOptions>;
  /** Start the notifier too, sending e-mail to a local SMTP server. */
  notifier?: true | NotifierOverrides;
}

/** A service the tests stop, start and restart. */
export interface Restartable<Running, Options> {
  /** The instance last started (still readable once stopped: its stats stay). */
  readonly service: Running;
  /** Its options: the harness's, then startRelais' overrides, then `overrides`. */
  options(overrides?: Partial<Options>): Options;
  start(overrides?: Partial<Options>): Promise<Running>;
  stop(): Promise<void>;
  restart(overrides?: Partial<Options>): Promise<Running>;
}

export interface EligibilityHarness extends Restartable<RunningEligibility, EligibilityOptions> {
  /** Every determination read from the entitlements topic so far, decoded, in read order. */
  readonly determined: Determined[];
  /** The determinations of one citizen (Relais-sector pseudonym), of one benefit if given. */
  of(pseudonym: string, benefit?: string): Determined[];
  /** Waits until every determination the topic holds now has been read; answers them all. */
  readAll(timeoutMs?: number): Promise<Determined[]>;
  /** Another instance on the same facts, which the caller closes (a clock of its own, …). */
  startAnother(overrides: Partial<EligibilityOptions>): Promise<RunningEligibility>;
}

export interface NotifierHarness extends Restartable<RunningNotifier, NotifierOptions> {
  /** The local SMTP server the notifier sends to. */
  readonly mail: SmtpServerHandle;
  /** Stops the notifier and starts it in a new consumer group: it reads every determination again. */
  restartInNewGroup(): Promise<RunningNotifier>;
}

/** An HTTP answer, its body parsed when it is JSON. */
export interface Answer {
  status: number;
  body: any;
}

export interface Citizen {
  pivot: Pivot;
  /** The citizen's pseudonym in each sector asked for, and in `portal`. */
  pseudonyms: Record<string, string>;
  /** A citizen access token (the consent service's development issuer). */
  token: string;
}

export interface Relais {
  /** What makes this harness's agency ids, topics and groups unique. */
  suffix: string;
  /** The catalog's agency id as this harness runs it (`caf` → `caf-<suffix>`). */
  id(agency: string): string;
  catalog: Catalog;
  /** The catalog as JSON, for a service started in another process. */
  catalogFile: string;
  keysDir: string;
  dataDir: string;
  brokers: string[];
  logger: Logger;
  clock: Clock;
  /** Dates relative to the clock. */
  on: ReturnType<typeof calendar>;
  /** Contract payloads dated relative to the clock. */
  facts: Facts;
  topics: {
    schemas: string;
    pseudonyms: string;
    consents: string;
    accessLog: string;
    entitlements: string;
    profiles: string;
    notices: string;
    preferences: string;
  };
  /** The consent service's development token secret, which the notifier shares. */
  devTokenSecret: string;
  serde: AvroSerde;
  registry: RunningRegistry;
  gateway: RunningGateway;
  consent: RunningConsent;
  router: Restartable<RunningRouter, RouterOptions>;
  /** Only when started with `eligibility`. */
  eligibility: EligibilityHarness;
  /** Only when started with `notifier`. */
  notifier: NotifierHarness;
  call(
    base: string,
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Answer>;
  /** An access token for the agency, by `private_key_jwt` (dec-011). */
  agencyToken(agency: string): Promise<string>;
  /** The operators' token (registry writes, campaigns, the funnel). */
  operatorToken(): string;
  /** A new citizen enrolled in these sectors (and `portal`), signed in. */
  citizen(sectors: string[]): Promise<Citizen>;
  /** The agency's gateway inbox (up to 500 events). */
  inbox(agency: string, token?: string): Promise<Json[]>;
  /** Stops everything it started and removes its files. */
  close(): Promise<void>;
}

/** The real catalog with every agency, and what names one, renamed `<id>-<suffix>`. */
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

export async function call(
  base: string,
  method: string,
  p: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
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
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed };
}

function restartable<Running extends { close(): Promise<void> }, Options>(
  name: string,
  start: (options: Options) => Promise<Running>,
  options: (overrides?: Partial<Options>) => Options,
): Restartable<Running, Options> {
  let current: Running | undefined;
  let running = false;
  const handle: Restartable<Running, Options> = {
    get service(): Running {
      if (!current) throw new Error(`the ${name} was never started`);
      return current;
    },
    options,
    async start(overrides) {
      if (running) throw new Error(`the ${name} is running: stop() it first, or restart()`);
      current = await start(options(overrides));
      running = true;
      return current;
    },
    async stop() {
      if (!running || !current) return;
      running = false;
      await current.close();
    },
    async restart(overrides) {
      await handle.stop();
      return handle.start(overrides);
    },
  };
  return handle;
}

/**
 * Commits `groupId`'s offsets at the current end of the catalog's events topics, before the router
 * first joins it. The events topics are the catalog's (`relais.events.<domain>`), shared by every
 * test file and every run on the broker. With a commit on every partition, a router of this
 * harness reads from the harness's start whenever it starts: a restart never skips what was
 * published while it was down (a group without a commit starts at "now"), and one started
 * `fromBeginning` does not read the history others left (events of other harnesses' citizens,
 * which the legal-obligation subscriptions would deliver to this harness's agencies).
 */
async function commitEventsEnd(
  brokers: string[],
  logger: Logger,
  catalog: Catalog,
  groupId: string,
): Promise<void> {
  const kafka = createKafka({ brokers, clientId: 'relais-harness', logger });
  const events = [...new Set(catalog.contracts.map((c) => declared.events.name(c.domain)))];
  const admin = kafka.admin();
  await admin.connect();
  const ends = await (async () => {
    await ensureTopics(
      admin,
      events.map((t) => declared.events.spec(t, DEFAULT_PARTITIONS)),
    );
    // kafkajs gives up at once on a retriable answer (a partition whose leader is loading).
    return Promise.all(
      events.map(async (topic) =>
        (
          await waitFor(() => admin.fetchTopicOffsets(topic), {
            what: `the end offsets of ${topic}`,
          })
        ).map((p) => ({
          topic,
          partition: p.partition,
          offset: p.high,
        })),
      ),
    );
  })().finally(() => admin.disconnect());
  // One member joins the group, is assigned every partition, commits, and leaves (kafkajs'
  // admin.setOffsets does the same one topic at a time, a group join each).
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: events });
    const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
    await consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined });
    consumer.pause(events.map((topic) => ({ topic })));
    await joined;
    await consumer.commitOffsets(ends.flat());
  } finally {
    await consumer.disconnect();
  }
}

/** Stands for what this harness did not start: any use says why. */
function absent<T>(why: string): T {
  return new Proxy({} as object, {
    get() {
      throw new Error(why);
    },
  }) as T;
}

export async function startRelais(options: RelaisOptions = {}): Promise<Relais> {
  const clock = options.clock ?? systemClock;
  const brokers = options.brokers ?? kafkaBrokers();
  const suffix = uniqueName('t').slice(-8);
  const id = (agency: string): string => `${agency}-${suffix}`;
  const catalog = suffixedCatalog(suffix);
  const keysDir = mkdtempSync(path.join(tmpdir(), 'relais-keys-'));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-harness-'));
  const catalogFile = path.join(dataDir, 'catalog.json');
  writeFileSync(catalogFile, JSON.stringify(catalog));
  const logger = createLogger({
    service: 'relais-harness',
    level: process.env['TEST_LOG_LEVEL'] ?? 'silent',
  });
  const topics = {
    schemas: uniqueName('_relais_schemas'),
    pseudonyms: uniqueName('relais.pseudonyms'),
    consents: uniqueName('relais.consents'),
    accessLog: uniqueName('relais.access-log'),
    entitlements: uniqueName('relais.entitlements'),
    profiles: uniqueName('relais.eligibility.profiles'),
    notices: uniqueName('relais.notices'),
    preferences: uniqueName('relais.notice-preferences'),
  };
  const groups = uniqueName('relais-harness');
  const devTokenSecret = 'test-dev-token-secret-test-dev-token-secret';
  const http = { host: '127.0.0.1', port: 0 };

  // What to stop, in the reverse order of starting; a start that fails stops what it started.
  const closers: Array<() => Promise<void>> = [
    async () => {
      rmSync(keysDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  ];
  async function closeAll(): Promise<void> {
    const errors: unknown[] = [];
    while (closers.length)
      await closers
        .pop()?.()
        .catch((err: unknown) => errors.push(err));
    if (errors.length) throw new AggregateError(errors, 'closing the harness failed');
  }

  try {
    await ensureDevKeys(
      keysDir,
      catalog.agencies.map((a) => a.id),
    );
    const registry = await startRegistry({
      brokers,
      logger,
      topic: topics.schemas,
      leaderGroup: `${groups}.registry`,
      leaderEligible: true,
      defaultLevel: 'BACKWARD_TRANSITIVE',
      publishContracts: true,
      ...http,
      catalog,
    });
    closers.push(() => registry.close());
    const gateway = await startGateway({
      brokers,
      logger,
      clock,
      registryUrl: registry.url,
      keysDir,
      dataDir: path.join(dataDir, 'gateway'),
      instance: 'test',
      ...http,
      catalog,
      groupPrefix: `${groups}.gateway`,
      pseudonymTopic: topics.pseudonyms,
    });
    closers.push(() => gateway.close());
    const consent = await startConsent({
      brokers,
      logger,
      clock,
      registryUrl: registry.url,
      dataDir: path.join(dataDir, 'consent'),
      keysDir,
      devTokens: true,
      devTokenSecret,
      ...http,
      catalog,
      instance: 'test',
      pseudonymTopic: topics.pseudonyms,
      consentsTopic: topics.consents,
      accessLogTopic: topics.accessLog,
      groupPrefix: `${groups}.consent`,
    });
    closers.push(() => consent.close());

    const router = restartable('router', startRouter, (overrides = {}) => ({
      brokers,
      logger,
      clock,
      registryUrl: registry.url,
      keysDir,
      dataDir: path.join(dataDir, 'router'),
      instance: 'test',
      ...http,
      catalog,
      groupPrefix: `${groups}.router`,
      consentsTopic: topics.consents,
      accessLogTopic: topics.accessLog,
      fromBeginning: false,
      ...overrides,
    }));
    // The router reads its events in the group `<groupPrefix>.events`.
    await commitEventsEnd(brokers, logger, catalog, `${groups}.router.events`);
    await router.start();
    closers.push(() => router.stop());

    const serde = new AvroSerde(registry.url);
    let eligibility = absent<EligibilityHarness>(
      'startRelais({ eligibility: true }) to use the eligibility service',
    );
    if (options.eligibility) {
      const given = options.eligibility === true ? {} : options.eligibility;
      const eligibilityOptions = (overrides: Partial<EligibilityOptions> = {}) => ({
        brokers,
        logger,
        clock,
        registryUrl: registry.url,
        keysDir,
        dataDir: path.join(dataDir, 'eligibility'),
        ...http,
        agency: id('relais'),
        groupPrefix: `${groups}.eligibility`,
        consentsTopic: topics.consents,
        entitlementsTopic: topics.entitlements,
        changelogTopic: topics.profiles,
        ...given,
        ...overrides,
      });
      const service = restartable('eligibility service', startEligibility, eligibilityOptions);
      await service.start();
      closers.push(() => service.stop());
      const reader: DeterminationsReader = await readDeterminations({
        brokers,
        logger,
        serde,
        topic: eligibilityOptions().entitlementsTopic,
      });
      closers.push(() => reader.close());
      eligibility = Object.assign(service, {
        determined: reader.all,
        of: (pseudonym: string, benefit?: string) =>
          reader.all.filter(
            (d) => d.key === pseudonym && (benefit === undefined || d.value['benefit'] === benefit),
          ),
        readAll: (timeoutMs?: number) => reader.readAll(timeoutMs),
        startAnother: (overrides: Partial<EligibilityOptions>) =>
          startEligibility(eligibilityOptions(overrides)),
      });
    }

    let notifier = absent<NotifierHarness>('startRelais({ notifier: true }) to use the notifier');
    if (options.notifier) {
      const { mailServer, ...given }: NotifierOverrides =
        options.notifier === true ? {} : options.notifier;
      const mail = given.smtp ? undefined : await startSmtpServer(mailServer);
      if (mail) closers.push(() => mail.stop());
      const service = restartable('notifier', startNotifier, (overrides = {}) => ({
        brokers,
        logger,
        clock,
        registryUrl: registry.url,
        keysDir,
        dataDir: path.join(dataDir, 'notifier'),
        ...http,
        devTokenSecret,
        ...(mail
          ? {
              smtp: {
                host: mail.host,
                port: mail.port,
                from: 'Relais <ne-pas-repondre@relais.test>',
                ignoreTLS: true,
              },
            }
          : {}),
        groupPrefix: `${groups}.notifier`,
        agency: id('relais'),
        entitlementsTopic: topics.entitlements,
        noticesTopic: topics.notices,
        preferencesTopic: topics.preferences,
        pseudonymTopic: topics.pseudonyms,
        consentsTopic: topics.consents,
        ...given,
        ...overrides,
      }));
      await service.start();
      closers.push(() => service.stop());
      notifier = Object.assign(service, {
        mail: mail ?? absent<SmtpServerHandle>('the notifier sends to the `smtp` it was given'),
        restartInNewGroup: () =>
          service.restart({ groupPrefix: uniqueName(`${groups}.notifier-again`) }),
      });
    }

    const relais: Relais = {
      suffix,
      id,
      catalog,
      catalogFile,
      keysDir,
      dataDir,
      brokers,
      logger,
      clock,
      on: calendar(clock),
      facts: factsOn(clock),
      topics,
      devTokenSecret,
      serde,
      registry,
      gateway,
      consent,
      router,
      eligibility,
      notifier,
      call,
      async agencyToken(agency) {
        const key = await importPKCS8(
          readFileSync(path.join(keysDir, `${id(agency)}.private.pem`), 'utf8'),
          'ES256',
        );
        const now = Math.floor(clock.now().getTime() / 1000);
        const assertion = await new SignJWT({})
          .setProtectedHeader({ alg: 'ES256' })
          .setIssuer(id(agency))
          .setSubject(id(agency))
          .setAudience('relais-gateway')
          .setIssuedAt(now)
          .setExpirationTime(now + 120)
          .setJti(uniqueName('jti'))
          .sign(key);
        const res = await call(gateway.url, 'POST', '/v1/oauth/token', undefined, {
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
        });
        if (res.status !== 200)
          throw new Error(`token for ${agency}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body.access_token as string;
      },
      operatorToken: () => readFileSync(path.join(keysDir, 'operator.token'), 'utf8').trim(),
      async citizen(sectors) {
        const pivot = newPivot();
        const pseudonyms = await gateway.directory.enrol(pivot, [...sectors, 'portal']);
        const res = await call(consent.url, 'POST', '/v1/dev/citizen-token', undefined, {
          pseudonym: pseudonyms['portal'],
        });
        if (res.status !== 200)
          throw new Error(`citizen token: ${res.status} ${JSON.stringify(res.body)}`);
        return { pivot, pseudonyms, token: res.body.access_token as string };
      },
      async inbox(agency, token) {
        const res = await call(
          gateway.url,
          'GET',
          '/v1/inbox?limit=500',
          token ?? (await relais.agencyToken(agency)),
        );
        return res.body.events as Json[];
      },
      close: closeAll,
    };
    return relais;
  } catch (err) {
    await closeAll().catch(() => undefined);
    throw err;
  }
}
