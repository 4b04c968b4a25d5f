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
import { loadCatalog } from '@relais/contracts';
import { newPivot } from '@relais/identity';
import {
  AvroSerde,
  createLogger,
  createServiceMetrics,
  systemClock,
  type Logger,
} from '@relais/kit';
import { startConsent } from '@relais/consent';
import { startEligibility } from '@relais/eligibility';
import { startGateway } from '@relais/gateway';
import { ensureDevKeys } from '@relais/gateway/keys';
import { startNotifier } from '@relais/notifier';
import { startRegistry } from '@relais/registry';
import { startRouter } from '@relais/router';
import { calendar, kafkaBrokers, uniqueName } from '@relais/testkit';
import { parsePrometheus } from '@relais/testkit/prometheus';
import { startSmtpServer, type SmtpServerHandle } from '@relais/testkit/mail';
import { readDeterminations, type DeterminationsReader } from './determinations.ts';
import { factsOn, type Json } from './fixtures.ts';

import { absent, call, commitEventsEnd, restartable, suffixedCatalog } from './parts.ts';
import { harnessAccessNames, provisionPrincipals } from './principals.ts';
import type { RelaisService } from '@relais/contracts';
import type {
  EligibilityHarness,
  EligibilityOptions,
  NotifierHarness,
  NotifierOverrides,
  Relais,
  RelaisOptions,
} from './types.ts';

export { call, suffixedCatalog } from './parts.ts';
export type * from './types.ts';

export async function startRelais(options: RelaisOptions = {}): Promise<Relais> {
  const clock = options.clock ?? systemClock;
  const brokers = options.brokers ?? kafkaBrokers();
  const suffix = uniqueName('t').slice(-8);
  // The catalog's own agency ids for a run that plays what `npm start` plays (its scripts name
  // them), else ids unique to this harness.
  const asIs = options.agencyIds === 'catalog';
  const id = (agency: string): string => (asIs ? agency : `${agency}-${suffix}`);
  const catalog = asIs ? loadCatalog().catalog : suffixedCatalog(suffix);
  const keysDir = mkdtempSync(path.join(tmpdir(), 'relais-keys-'));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-harness-'));
  const catalogFile = path.join(dataDir, 'catalog.json');
  writeFileSync(catalogFile, JSON.stringify(catalog));
  const level = options.logs
    ? (options.logs.level ?? 'info')
    : (process.env['TEST_LOG_LEVEL'] ?? 'silent');
  const destination = options.logs?.destination;
  const logger = createLogger({
    service: 'relais-harness',
    level,
    ...(destination ? { destination } : {}),
  });
  // One logger per service: its lines say which service wrote them, and its Kafka spans name it.
  const loggers = new Map<string, Logger>();
  const loggerOf = (service: string): Logger => {
    const known = loggers.get(service);
    if (known) return known;
    const made = createLogger({ service, level, ...(destination ? { destination } : {}) });
    loggers.set(service, made);
    return made;
  };
  const topics = {
    schemas: uniqueName('_relais_schemas'),
    pseudonyms: uniqueName('relais.pseudonyms'),
    consents: uniqueName('relais.consents'),
    accessLog: uniqueName('relais.access-log'),
    checkpoints: uniqueName('relais.access-log.checkpoints'),
    entitlements: uniqueName('relais.entitlements'),
    profiles: uniqueName('relais.eligibility.profiles'),
    notices: uniqueName('relais.notices'),
    preferences: uniqueName('relais.notice-preferences'),
    notifierNotices: uniqueName('relais.notifier.notices'),
    routingDecisions: uniqueName('relais.routing-decisions'),
    mandates: uniqueName('relais.mandates'),
    counterActions: uniqueName('relais.counter-actions'),
    inboxAcks: uniqueName('relais.gateway.inbox-acks'),
    webhookEndpoints: uniqueName('relais.gateway.webhook-endpoints'),
    webhookDeliveries: uniqueName('relais.gateway.webhook-deliveries'),
    assertionIds: uniqueName('relais.gateway.assertion-ids'),
    idempotency: uniqueName('relais.gateway.idempotency'),
  };
  const groups = uniqueName('relais-harness');
  const devTokenSecret = 'test-dev-token-secret-test-dev-token-secret';
  const http = { host: '127.0.0.1', port: 0 };
  // Every service answers GET /metrics/prometheus to this token; a registry per start (a restarted
  // service counts from zero, as a new process would).
  const scrapeToken = uniqueName('scrape');
  const metrics = (service: string) => createServiceMetrics(service, { scrapeToken });

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
    // With `servicePrincipals`, each service connects as its own principal (dec-031).
    const started: RelaisService[] = ['registry', 'gateway', 'consent', 'router'];
    if (options.eligibility) started.push('eligibility');
    if (options.notifier) started.push('notifier');
    const names = harnessAccessNames({ suffix, groups, topics });
    const principals = options.servicePrincipals
      ? await provisionPrincipals(
          brokers,
          catalog,
          names,
          started.map((s) => names.principal.service(s)),
        )
      : undefined;
    const kafkaAuth = (service: RelaisService) => principals?.authOf(service);
    await ensureDevKeys(
      keysDir,
      catalog.agencies.map((a) => a.id),
    );
    const registry = await startRegistry({
      metrics: metrics('registry'),
      brokers,
      logger: loggerOf('registry'),
      kafkaAuth: kafkaAuth('registry'),
      topic: topics.schemas,
      leaderGroup: `${groups}.registry`,
      leaderEligible: true,
      defaultLevel: 'BACKWARD_TRANSITIVE',
      publishContracts: true,
      ...http,
      catalog,
      keysDir,
    });
    closers.push(() => registry.close());
    const gateway = await startGateway({
      metrics: metrics('gateway'),
      brokers,
      logger: loggerOf('gateway'),
      kafkaAuth: kafkaAuth('gateway'),
      clock,
      registryUrl: registry.url,
      keysDir,
      dataDir: path.join(dataDir, 'gateway'),
      instance: 'test',
      ...http,
      catalog,
      groupPrefix: `${groups}.gateway`,
      pseudonymTopic: topics.pseudonyms,
      inboxAcksTopic: topics.inboxAcks,
      webhookEndpointsTopic: topics.webhookEndpoints,
      webhookDeliveriesTopic: topics.webhookDeliveries,
      assertionIdsTopic: topics.assertionIds,
      idempotencyTopic: topics.idempotency,
      ...options.gateway,
    });
    closers.push(() => gateway.close());
    const consent = await startConsent({
      metrics: metrics('consent'),
      brokers,
      logger: loggerOf('consent'),
      kafkaAuth: kafkaAuth('consent'),
      clock,
      registryUrl: registry.url,
      dataDir: path.join(dataDir, 'consent'),
      archiveDir: path.join(dataDir, 'archive'),
      keysDir,
      devTokens: true,
      devTokenSecret,
      ...http,
      catalog,
      instance: 'test',
      pseudonymTopic: topics.pseudonyms,
      consentsTopic: topics.consents,
      accessLogTopic: topics.accessLog,
      checkpointsTopic: topics.checkpoints,
      mandatesTopic: topics.mandates,
      counterActionsTopic: topics.counterActions,
      groupPrefix: `${groups}.consent`,
    });
    closers.push(() => consent.close());

    const router = restartable('router', startRouter, (overrides = {}) => ({
      metrics: metrics('router'),
      brokers,
      logger: loggerOf('router'),
      kafkaAuth: kafkaAuth('router'),
      clock,
      registryUrl: registry.url,
      keysDir,
      dataDir: path.join(dataDir, 'router'),
      archiveDir: path.join(dataDir, 'archive'),
      // Checkpoints within half a second: a citizen's proof is complete soon after a delivery.
      checkpoints: { everyMs: 500 },
      checkpointsTopic: topics.checkpoints,
      instance: 'test',
      ...http,
      catalog,
      groupPrefix: `${groups}.router`,
      consentsTopic: topics.consents,
      accessLogTopic: topics.accessLog,
      routingDecisionsTopic: topics.routingDecisions,
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
        metrics: metrics('eligibility'),
        brokers,
        logger: loggerOf('eligibility'),
        kafkaAuth: kafkaAuth('eligibility'),
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
        metrics: metrics('notifier'),
        brokers,
        logger: loggerOf('notifier'),
        kafkaAuth: kafkaAuth('notifier'),
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
        changelogTopic: topics.notifierNotices,
        pseudonymTopic: topics.pseudonyms,
        consentsTopic: topics.consents,
        mandatesTopic: topics.mandates,
        counterActionsTopic: topics.counterActions,
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
      ...(principals ? { principals } : {}),
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
      scrapeToken,
      loggerOf,
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
      async scrape(base) {
        const res = await fetch(`${base}/metrics/prometheus`, {
          headers: { authorization: `Bearer ${scrapeToken}` },
        });
        if (res.status !== 200) throw new Error(`scrape ${base}: ${res.status}`);
        return parsePrometheus(await res.text());
      },
      async citizen(sectors) {
        const pivot = newPivot();
        const pseudonyms = await gateway.directory.enrol(pivot, [...sectors, 'portal']);
        // The consent service reads the enrolment from the pseudonym topic: its citizen routes
        // know the citizen once its directory has applied everything written so far.
        await consent.directory.catchUp();
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
