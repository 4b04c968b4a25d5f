// `npm start`: Relais on the embedded default, no Docker.
//   - one local KRaft broker from the Apache Kafka jars (fetched from Maven Central once),
//     unless KAFKA_BROKERS points at an existing cluster;
//   - the services that exist so far (none yet besides the shared kit) and the demo scenario;
//   - stays up printing its URLs; Ctrl-C stops what it started (--keep-kafka leaves Kafka up).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkNode, root } from './lib/preflight.ts';

checkNode();
const { values } = parseArgs({
  options: {
    'keep-kafka': { type: 'boolean', default: false },
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

const { defaultOptions, down, status, up } = await import('@relais/local-kafka');
const { baseConfigShape, createKafka, createLogger, createProducer, parseConfig, z } =
  await import('@relais/kit');
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
const { IdentityLinks, identityKeyIn } = await import('@relais/identity');
const { startMailServer } = await import('./lib/mail-server.ts');

const logger = createLogger({ service: 'relais-start', level: process.env['LOG_LEVEL'] ?? 'warn' });
// The deployment's partition count, as each service's own config would parse it.
const { RELAIS_PARTITIONS: partitions } = parseConfig(
  z.object({ RELAIS_PARTITIONS: baseConfigShape.RELAIS_PARTITIONS }),
);
const opts = defaultOptions();
const given = process.env['KAFKA_BROKERS'];
const cluster = given ? undefined : await up(opts);
const bootstrap = given ?? cluster?.bootstrap ?? '';

// Development keys first: the registry takes writes only with the operator's or a steward's token.
const keysDir = process.env['GATEWAY_KEYS_DIR'] ?? path.join(root, 'infra', 'agencies', '.keys');
await ensureDevKeys(
  keysDir,
  loadCatalog().catalog.agencies.map((a) => a.id),
);
// It publishes the contracts itself, in process (no credential needed, audited as `registry`).
const registry = await startRegistry({
  brokers: bootstrap.split(','),
  logger,
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
  brokers: bootstrap.split(','),
  logger,
  registryUrl: registry.url,
  keysDir,
  dataDir: path.join(root, '.relais', 'gateway'),
  instance: 'gateway-1',
  host: '127.0.0.1',
  port: Number(process.env['GATEWAY_PORT'] ?? 8080),
  partitions,
});

const consent = await startConsent({
  brokers: bootstrap.split(','),
  logger,
  registryUrl: registry.url,
  dataDir: path.join(root, '.relais', 'consent'),
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
  brokers: bootstrap.split(','),
  logger,
  registryUrl: registry.url,
  keysDir,
  dataDir: path.join(root, '.relais', 'router'),
  instance: 'router-1',
  host: '127.0.0.1',
  port: Number(process.env['ROUTER_PORT'] ?? 8083),
  partitions,
});

const eligibility = await startEligibility({
  brokers: bootstrap.split(','),
  logger,
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
  brokers: bootstrap.split(','),
  logger,
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
const oidcSecretFile = path.join(keysDir, 'portal-oidc.secret');
if (!existsSync(oidcSecretFile))
  writeFileSync(oidcSecretFile, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
const oidcSecret = readFileSync(oidcSecretFile, 'utf8').trim();
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
  ],
});

const pseudonyms = await playAgencyEdgeDemo({
  brokers: bootstrap.split(','),
  registryUrl: registry.url,
  gateway,
  keysDir,
  logger,
  links,
});
const portal = await startPortal({
  brokers: bootstrap.split(','),
  logger,
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

const rss = cluster
  ? status(opts.home)
      .nodes.map((n) => `${n.rssMiB ?? '?'} MiB`)
      .join(', ')
  : 'n/a';
console.log(`
Relais is up (embedded default)
  Kafka bootstrap   ${bootstrap}${cluster ? `   (Kafka ${cluster.version}, ${cluster.nodes.length} node, RSS ${rss})` : ' (KAFKA_BROKERS)'}
  Kafka logs        ${cluster ? path.join(opts.home, 'node-1', 'logs', 'server.log') : 'n/a'}
  Registry          ${registry.url}   (Confluent Schema Registry API; OpenAPI at /openapi.json)
  Contracts         ${registry.url}/contracts   (catalog: ${registry.url}/catalog, AsyncAPI: ${registry.url}/asyncapi.json)
  Gateway           ${gateway.url}   (agencies' HTTP edge; API docs at ${gateway.url}/docs)
  Agency keys       ${keysDir}   (dev keys: private_key_jwt assertions)
  Portal            ${portal.url}   (citizens: « S’identifier avec FranceConnect », then a demo account:
                    Camille Martin (reaches eidas2), Yanis Benali (eidas1), Awa Diop (eidas3)…)
  Identity provider ${idp.issuer}   (local, shaped like FranceConnect v2; discovery at /.well-known/openid-configuration)
  Consent           ${consent.url}   (citizens' consents, receipts, access log; portal tokens only)
  Router            ${router.url}/metrics   (deliveries and denials by reason)
  Audit             npm run audit:verify
  Eligibility       ${eligibility.url}/metrics   (rules' parameters: /v1/parameters; campaigns: npm run eligibility:campaign)
  Notifier          ${notifier.url}   (citizens' notices and preferences; funnel: /v1/funnel; letters: ${notifier.lettersDir})
  Mail (local SMTP) 127.0.0.1:${mail.port}   (accepted e-mails as .eml in ${mail.dir})
Ctrl-C to stop${cluster && !values['keep-kafka'] ? ' (stops Kafka too; --keep-kafka leaves it running)' : ''}.`);

const stopCitizens = async (): Promise<void> => {
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
  if (cluster && !cluster.reused && !values['keep-kafka']) await down(opts.home);
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
setInterval(() => undefined, 60_000);
