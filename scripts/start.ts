// `npm start`: Relais on the embedded default, no Docker.
//   - one local KRaft broker from the Apache Kafka jars (fetched from Maven Central once),
//     unless KAFKA_BROKERS points at an existing cluster;
//   - the tracing UI: a local Zipkin server from its Maven Central jar (infra/tracing), every
//     service's spans in it (RELAIS_TRACING=off, or OTEL_TRACES_EXPORTER, to do without);
//   - every service in this one process, and the demo scenario, with its publications' traces;
//   - stays up printing its URLs; Ctrl-C stops what it started (--keep-kafka leaves Kafka up,
//     --keep-tracing leaves Zipkin and the traces in its memory).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { devSecret } from './lib/dev-secret.ts';
import { checkNode, root } from './lib/preflight.ts';

checkNode();
const { values } = parseArgs({
  options: {
    'keep-kafka': { type: 'boolean', default: false },
    'keep-tracing': { type: 'boolean', default: false },
    'no-wait': { type: 'boolean', default: false },
  },
});

const build = spawnSync(
  path.join(root, 'node_modules', '.bin', 'turbo'),
  ['run', 'build', '--output-logs=errors-only'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const { adminEnv, defaultOptions, down, readCredentials, status, up } =
  await import('@relais/local-kafka');
const { relaisAccessPlan } = await import('./lib/kafka.ts');
const localZipkin = await import('@relais/local-zipkin');
const {
  baseConfigShape,
  createKafka,
  createLogger,
  createProducer,
  createServiceMetrics,
  parseConfig,
  readSecret,
  startTelemetry,
  z,
} = await import('@relais/kit');
const { planTracing, startTracing } = await import('./lib/tracing.ts');
const { showTracesAt } = await import('./lib/trace-links.ts');

const level = process.env['LOG_LEVEL'] ?? 'warn';
const logger = createLogger({ service: 'relais-start', level });
// One logger per service: its lines say which service wrote them, and its Kafka spans name it.
const loggerOf = (service: string) => createLogger({ service, level });
// The deployment's partition count, as each service's own config would parse it.
const { RELAIS_PARTITIONS: partitions } = parseConfig(
  z.object({ RELAIS_PARTITIONS: baseConfigShape.RELAIS_PARTITIONS }),
);
const opts = defaultOptions();
const given = process.env['KAFKA_BROKERS'];
// Kafka and Zipkin start side by side (two JVMs); tracing never fails the start, Kafka may.
const tracingStarted = startTracing(planTracing(process.env));
const cluster = given
  ? undefined
  : await up(opts, console.log, relaisAccessPlan()).catch(async (err: unknown) => {
      const { zipkin } = await tracingStarted;
      if (zipkin && !zipkin.reused) await localZipkin.down(localZipkin.defaultOptions().home);
      throw err;
    });
const tracing = await tracingStarted;
const bootstrap = given ?? cluster?.bootstrap ?? '';
// Each service connects as its own principal, picked from the local cluster's credentials file
// (dec-031); this script's own clients (enrolment, the demo's plumbing) act as the admin. On
// KAFKA_BROKERS, every client takes KAFKA_SASL_* (or none, on an open cluster).
const kafkaAuth = cluster ? { credentialsFile: cluster.credentialsFile } : undefined;
if (cluster) Object.assign(process.env, adminEnv(opts.home));
// Telemetry before any service is imported: every span of this process, named per service.
const telemetry = startTelemetry({ ...tracing.telemetry, logger });
showTracesAt(tracing.ui);

const { startRegistry } = await import('@relais/registry');
const { startGateway } = await import('@relais/gateway');
const { ensureDevKeys } = await import('@relais/gateway/keys');
const { loadCatalog, topics } = await import('@relais/contracts');
const { playAgencyEdgeDemo } = await import('./demo/agency-edge.ts');
const { playTellUsOnce } = await import('./demo/tell-us-once.ts');
const { startConsent } = await import('@relais/consent');
const { startRouter } = await import('@relais/router');
const { startEligibility } = await import('@relais/eligibility');
const { startNotifier } = await import('@relais/notifier');
const { playProactive } = await import('./demo/proactive.ts');
const { playPortal } = await import('./demo/portal.ts');
const { startIdp } = await import('@relais/idp');
const { startPortal } = await import('@relais/portal');
const { startConsole } = await import('@relais/console');
const { demoCounter } = await import('./demo/counter-service.ts');
const { playCounter } = await import('./demo/counter.ts');
const { IdentityLinks, identityKeyIn } = await import('@relais/identity');
const { startMailServer } = await import('./lib/mail-server.ts');

// Development keys first: the registry takes writes only with the operator's or a steward's token.
const keysDir = process.env['GATEWAY_KEYS_DIR'] ?? path.join(root, 'infra', 'agencies', '.keys');
await ensureDevKeys(
  keysDir,
  loadCatalog().catalog.agencies.map((a) => a.id),
);
// Each service its own Prometheus registry; GET /metrics/prometheus answers the scrape token
// (infra/prometheus/prometheus.yml reads the same file).
const scrape = { scrapeToken: readSecret(keysDir, 'metrics.token') };

// It publishes the contracts itself, in process (no credential needed, audited as `registry`).
const registry = await startRegistry({
  metrics: createServiceMetrics('registry', scrape),
  brokers: bootstrap.split(','),
  kafkaAuth,
  logger: loggerOf('registry'),
  topic: topics.schemas.name,
  leaderGroup: 'relais-registry',
  leaderEligible: true,
  defaultLevel: 'BACKWARD_TRANSITIVE',
  publishContracts: true,
  host: '127.0.0.1',
  port: Number(process.env['REGISTRY_PORT'] ?? 8081),
  keysDir,
});
console.log(
  `registry: ${registry.published?.subjects ?? 0} contracts published (${registry.published?.registered ?? 0} new schema versions, ${registry.published?.failed.length ?? 0} failed)`,
);

const gateway = await startGateway({
  metrics: createServiceMetrics('gateway', scrape),
  brokers: bootstrap.split(','),
  kafkaAuth,
  logger: loggerOf('gateway'),
  registryUrl: registry.url,
  keysDir,
  dataDir: path.join(root, '.relais', 'gateway'),
  instance: 'gateway-1',
  host: '127.0.0.1',
  port: Number(process.env['GATEWAY_PORT'] ?? 8080),
  partitions,
});

const consent = await startConsent({
  metrics: createServiceMetrics('consent', scrape),
  brokers: bootstrap.split(','),
  kafkaAuth,
  logger: loggerOf('consent'),
  registryUrl: registry.url,
  dataDir: path.join(root, '.relais', 'consent'),
  archiveDir: path.join(root, '.relais', 'archive'),
  keysDir,
  // Development sign-in for the demo citizens; production uses FranceConnect.
  // The default configuration: citizens come through the portal (its ES256 tokens, public key in
  // the keys folder); no development token issuer.
  devTokens: false,
  host: '127.0.0.1',
  port: Number(process.env['CONSENT_PORT'] ?? 8082),
  instance: 'consent-1',
  partitions,
});
const router = await startRouter({
  metrics: createServiceMetrics('router', scrape),
  brokers: bootstrap.split(','),
  kafkaAuth,
  logger: loggerOf('router'),
  registryUrl: registry.url,
  keysDir,
  dataDir: path.join(root, '.relais', 'router'),
  archiveDir: path.join(root, '.relais', 'archive'),
  instance: 'router-1',
  host: '127.0.0.1',
  port: Number(process.env['ROUTER_PORT'] ?? 8083),
  partitions,
});

const eligibility = await startEligibility({
  metrics: createServiceMetrics('eligibility', scrape),
  brokers: bootstrap.split(','),
  kafkaAuth,
  logger: loggerOf('eligibility'),
  registryUrl: registry.url,
  keysDir,
  dataDir: path.join(root, '.relais', 'eligibility'),
  host: '127.0.0.1',
  port: Number(process.env['ELIGIBILITY_PORT'] ?? 8084),
  partitions,
});
// A local SMTP server in its own process stands for the mail relay: what it accepts is kept as
// .eml files, so the demo shows where the e-mail went.
const mail = await startMailServer(
  path.join(root, '.relais', 'mail', new Date().toISOString().replace(/[:.]/g, '-')),
);
const notifier = await startNotifier({
  metrics: createServiceMetrics('notifier', scrape),
  brokers: bootstrap.split(','),
  kafkaAuth,
  logger: loggerOf('notifier'),
  registryUrl: registry.url,
  keysDir,
  dataDir: path.join(root, '.relais', 'notifier'),
  host: '127.0.0.1',
  port: Number(process.env['NOTIFIER_PORT'] ?? 8085),
  partitions,
  smtp: {
    host: '127.0.0.1',
    port: mail.port,
    from: 'Relais <ne-pas-repondre@relais.invalid>',
    ignoreTLS: true,
  },
});

// Citizens' sign-in: the local identity provider shaped like FranceConnect v2, and the portal.
// Enrolment links each demo citizen's identité pivot (its keyed hash) to their pivot.
const enrolKafka = createKafka({ brokers: bootstrap.split(','), clientId: 'relais-start', logger });
const enrolProducer = createProducer(enrolKafka);
await enrolProducer.connect();
const links = new IdentityLinks({
  kafka: enrolKafka,
  producer: enrolProducer,
  logger,
  key: identityKeyIn(keysDir),
  dataDir: path.join(root, '.relais', 'enrol', 'identity-links'),
  instance: 'start',
  partitions,
});
await links.start();
const oidcSecret = devSecret(keysDir, 'portal-oidc.secret');
const consoleSecret = devSecret(keysDir, 'console-oidc.secret');
const counter = demoCounter(keysDir, Number(process.env['COUNTER_PORT'] ?? 8088));
const consolePort = Number(process.env['CONSOLE_PORT'] ?? 8087);
const consoleUrl = `http://127.0.0.1:${consolePort}`;
const portalPort = Number(process.env['PORTAL_PORT'] ?? 8086);
const portalUrl = `http://127.0.0.1:${portalPort}`;
const idp = await startIdp({
  port: Number(process.env['IDP_PORT'] ?? 4400),
  keysDir: path.join(root, '.relais', 'idp'),
  clients: [
    {
      client_id: 'relais-portal',
      client_secret: oidcSecret,
      client_name: 'Portail Relais',
      redirect_uris: [`${portalUrl}/auth/callback`],
      post_logout_redirect_uris: [`${portalUrl}/signed-out`],
      sector: 'portal',
    },
    {
      // Operators sign in as agents (ProConnect's shape): the demo agents of infra/agents.
      client_id: 'relais-console',
      client_secret: consoleSecret,
      client_name: 'Console Relais',
      redirect_uris: [`${consoleUrl}/auth/callback`],
      post_logout_redirect_uris: [`${consoleUrl}/signed-out`],
      sector: 'console',
      audience: 'agents',
    },
    ...counter.clients,
  ],
});

const pseudonyms = await playAgencyEdgeDemo({
  brokers: bootstrap.split(','),
  agencySasl: (agency) => {
    const known = cluster ? readCredentials(opts.home) : undefined;
    const username = known?.agencies[agency];
    const password = username ? known?.principals[username] : undefined;
    return username && password ? { mechanism: 'scram-sha-512', username, password } : undefined;
  },
  registryUrl: registry.url,
  gateway,
  keysDir,
  logger,
  links,
});
const portal = await startPortal({
  metrics: createServiceMetrics('portal', scrape),
  brokers: bootstrap.split(','),
  kafkaAuth,
  logger: loggerOf('portal'),
  publicUrl: portalUrl,
  oidc: {
    issuer: idp.issuer,
    clientId: 'relais-portal',
    clientSecret: oidcSecret,
    clientAuth: 'client_secret_post',
  },
  consentUrl: consent.url,
  notifierUrl: notifier.url,
  keysDir,
  dataDir: path.join(root, '.relais', 'portal'),
  host: '127.0.0.1',
  port: portalPort,
  partitions,
});
await playTellUsOnce({
  brokers: bootstrap.split(','),
  registryUrl: registry.url,
  gatewayUrl: gateway.url,
  consentUrl: consent.url,
  routerUrl: router.url,
  keysDir,
  logger,
  pseudonyms,
});

await playProactive({
  gatewayUrl: gateway.url,
  consentUrl: consent.url,
  eligibilityUrl: eligibility.url,
  notifierUrl: notifier.url,
  keysDir,
  mailDir: mail.dir,
  lettersDir: notifier.lettersDir,
  smtpPort: mail.port,
  pseudonyms,
});

await playPortal({ portalUrl: portal.url, idpUrl: idp.url });

// France Services agents act for a citizen under a mandate (issue 15).
const counterService = await counter.start({
  metrics: createServiceMetrics('counter', scrape),
  brokers: bootstrap.split(','),
  kafkaAuth,
  logger: loggerOf('counter'),
  registryUrl: registry.url,
  issuer: idp.issuer,
  root,
  consentUrl: consent.url,
  notifierUrl: notifier.url,
  partitions,
});
await playCounter({
  counterUrl: counterService.url,
  idpUrl: idp.url,
  gatewayUrl: gateway.url,
  keysDir,
  pseudonyms,
  outDir: path.join(root, '.relais', 'demo'),
});

// The operators' console: it indexes every flow above from the topics, from their start.
const operatorsConsole = await startConsole({
  prometheus: createServiceMetrics('console', scrape),
  brokers: bootstrap.split(','),
  kafkaAuth,
  logger: loggerOf('console'),
  registryUrl: registry.url,
  keysDir,
  dataDir: path.join(root, '.relais', 'console'),
  instance: 'console-1',
  host: '127.0.0.1',
  port: consolePort,
  gatewayUrl: gateway.url,
  metrics: [
    { service: 'router', url: `${router.url}/metrics` },
    { service: 'eligibility', url: `${eligibility.url}/metrics` },
    { service: 'notifier', url: `${notifier.url}/metrics` },
  ],
  tracingUrl: tracing.ui ?? '',
  partitions,
  web: {
    publicUrl: consoleUrl,
    oidc: {
      issuer: idp.issuer,
      clientId: 'relais-console',
      clientSecret: consoleSecret,
      clientAuth: 'client_secret_post',
      redirectUri: `${consoleUrl}/auth/callback`,
      postLogoutRedirectUri: `${consoleUrl}/signed-out`,
      acr: 'eidas1',
    },
    sessionsDir: path.join(root, '.relais', 'console', 'sessions'),
    session: { idleMs: 30 * 60_000, maxMs: 8 * 3_600_000 },
    traceUiUrl: tracing.ui ?? null,
    refreshSeconds: 30,
  },
});

// The spans of the demo, in Zipkin before its links are followed.
await telemetry.flush();
const zipkinOpts = localZipkin.defaultOptions();
const tracingLine = tracing.zipkin
  ? `${tracing.ui}   (Zipkin ${tracing.zipkin.version}, in memory, at most ${tracing.zipkin.maxSpans} spans, RSS ${localZipkin.status(zipkinOpts.home).rssMiB ?? '?'} MiB; find a service's traces there)`
  : (tracing.ui ?? tracing.summary);
const rss = cluster
  ? status(opts.home)
      .nodes.map((n) => `${n.rssMiB ?? '?'} MiB`)
      .join(', ')
  : 'n/a';
console.log(`
Relais is up (embedded default)
  Kafka bootstrap   ${bootstrap}${cluster ? `   (Kafka ${cluster.version}, ${cluster.nodes.length} node, RSS ${rss})` : ' (KAFKA_BROKERS)'}
  Kafka logs        ${cluster ? path.join(opts.home, 'node-1', 'logs', 'server.log') : 'n/a'}
  Tracing UI        ${tracingLine}
  Registry          ${registry.url}   (Confluent Schema Registry API; OpenAPI at /openapi.json)
  Contracts         ${registry.url}/contracts   (catalog: ${registry.url}/catalog, AsyncAPI: ${registry.url}/asyncapi.json)
  Gateway           ${gateway.url}   (agencies' HTTP edge; API docs at ${gateway.url}/docs)
  Agency keys       ${keysDir}   (dev keys: private_key_jwt assertions)
  Portal            ${portal.url}   (citizens: « S’identifier avec FranceConnect », then a demo account:
                    Camille Martin (reaches eidas2), Yanis Benali (eidas1), Awa Diop (eidas3)…)
  Console           ${operatorsConsole.url}   (operators: « S’identifier avec ProConnect », then Claire Dubois (operator);
                    look up an event id printed above, its trace, the demo's rejected record in « Dead letters »)
  Counter           ${counterService.url}   (France Services agents: « Se connecter avec ProConnect », then Nadia Benkirane (Lyon 8e);
                    Lucienne Faure's mandate, her consents, notices, preferences, data flows)
  Identity provider ${idp.issuer}   (local, shaped like FranceConnect v2; discovery at /.well-known/openid-configuration)
  Consent           ${consent.url}   (citizens' consents, receipts, access log; portal tokens only)
  Router            ${router.url}/metrics   (deliveries and denials by reason)
  Audit             npm run audit:verify
  Eligibility       ${eligibility.url}/metrics   (rules' parameters: /v1/parameters; campaigns: npm run eligibility:campaign)
  Notifier          ${notifier.url}   (citizens' notices and preferences; funnel: /v1/funnel; letters: ${notifier.lettersDir})
  Mail (local SMTP) 127.0.0.1:${mail.port}   (accepted e-mails as .eml in ${mail.dir})
  Metrics           <each service>/metrics/prometheus   (bearer: ${path.join(keysDir, 'metrics.token')}; scrape config and alerts: infra/prometheus/)
Ctrl-C to stop${stopsToo()}.`);

function stopsToo(): string {
  const also = [
    cluster && !cluster.reused && !values['keep-kafka']
      ? 'Kafka (--keep-kafka leaves it running)'
      : '',
    tracing.zipkin && !tracing.zipkin.reused && !values['keep-tracing']
      ? 'Zipkin and its traces (--keep-tracing leaves them)'
      : '',
  ].filter(Boolean);
  return also.length ? ` (stops ${also.join(' and ')} too)` : '';
}

const stopCitizens = async (): Promise<void> => {
  await counterService.close();
  await operatorsConsole.close();
  await portal.close();
  await idp.close();
  await links.stop();
  await enrolProducer.disconnect();
};
if (values['no-wait']) {
  await stopCitizens();
  await notifier.close();
  await eligibility.close();
  mail.stop();
  await router.close();
  await consent.close();
  await gateway.close();
  await registry.close();
  // As Kafka, Zipkin stays up with its traces (npm run tracing:down).
  await telemetry.shutdown();
  process.exit(0);
}
const stop = async (): Promise<void> => {
  await stopCitizens();
  await notifier.close();
  await eligibility.close();
  mail.stop();
  await router.close();
  await consent.close();
  await gateway.close();
  await registry.close();
  await telemetry.shutdown();
  if (cluster && !cluster.reused && !values['keep-kafka']) await down(opts.home);
  if (tracing.zipkin && !tracing.zipkin.reused && !values['keep-tracing']) {
    await localZipkin.down(zipkinOpts.home);
  }
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
setInterval(() => undefined, 60_000);
