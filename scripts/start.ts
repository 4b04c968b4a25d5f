// `npm start`: Relais on the embedded default, no Docker.
//   - one local KRaft broker from the Apache Kafka jars (fetched from Maven Central once),
//     unless KAFKA_BROKERS points at an existing cluster;
//   - the services that exist so far (none yet besides the shared kit) and the demo scenario;
//   - stays up printing its URLs; Ctrl-C stops what it started (--keep-kafka leaves Kafka up).
import { spawnSync } from 'node:child_process';
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
const { createLogger } = await import('@relais/kit');
const { startRegistry } = await import('@relais/registry');
const { playFoundationDemo } = await import('./demo/foundation.ts');

const logger = createLogger({ service: 'relais-start', level: process.env['LOG_LEVEL'] ?? 'warn' });
const opts = defaultOptions();
const given = process.env['KAFKA_BROKERS'];
const cluster = given ? undefined : await up(opts);
const bootstrap = given ?? cluster?.bootstrap ?? '';

const registry = await startRegistry({
  brokers: bootstrap.split(','),
  logger,
  topic: '_relais_schemas',
  leaderGroup: 'relais-registry',
  leaderEligible: true,
  defaultLevel: 'BACKWARD_TRANSITIVE',
  publishContracts: true,
  host: '127.0.0.1',
  port: Number(process.env['REGISTRY_PORT'] ?? 8081),
});
console.log(
  `registry: ${registry.published?.subjects ?? 0} contracts published (${registry.published?.registered ?? 0} new schema versions, ${registry.published?.failed.length ?? 0} failed)`,
);

await playFoundationDemo(bootstrap.split(','), registry.url, logger);

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
  Services to come  gateway, consent, router, eligibility, notifier, portal (with their issues)
Ctrl-C to stop${cluster && !values['keep-kafka'] ? ' (stops Kafka too; --keep-kafka leaves it running)' : ''}.`);

if (values['no-wait']) {
  await registry.close();
  process.exit(0);
}
const stop = async (): Promise<void> => {
  await registry.close();
  if (cluster && !cluster.reused && !values['keep-kafka']) await down(opts.home);
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
setInterval(() => undefined, 60_000);
