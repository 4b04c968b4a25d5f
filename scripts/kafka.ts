// npm run kafka:up | kafka:down | kafka:status | kafka:reset | kafka:principals
// The local Kafka launcher (infra/kafka) with Relais' access plan: `up` and `principals` make the
// principals and ACLs of contracts' kafkaAccessPlan (dec-031) exist, idempotently.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { checkNode, root } from './lib/preflight.ts';

checkNode();
// The plan comes from @relais/contracts and the launcher from @relais/local-kafka: built first.
const build = spawnSync(
  path.join(root, 'node_modules', '.bin', 'turbo'),
  [
    'run',
    'build',
    '--filter=@relais/contracts',
    '--filter=@relais/local-kafka',
    '--output-logs=errors-only',
  ],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const { runKafkaCli } = await import('@relais/local-kafka');
const { relaisAccessPlan } = await import('./lib/kafka.ts');
runKafkaCli(relaisAccessPlan);
