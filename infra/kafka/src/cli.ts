// npm run kafka:up [-- --nodes 3 --port 9092 --controller-port 9192 --heap 512m]
// npm run kafka:down | kafka:status | kafka:reset | kafka:principals
//   (also: node infra/kafka/src/cli.ts fetch). The root's scripts/kafka.ts runs this with Relais'
//   access plan (its principals and ACLs, derived from the topology); run here directly, `up`
//   starts the cluster with its admin alone.
import { parseArgs } from 'node:util';
import { defaultOptions, type ClusterOptions } from './layout.ts';
import { down, readState, reset, status, up } from './cluster.ts';
import { fetchJars, PrerequisiteError } from './prerequisites.ts';
import { provisionAccess, type AccessPlan } from './access.ts';

const usage = `usage: kafka.ts <up|down|status|reset|principals|fetch> [--nodes 1|3] [--port N] [--controller-port N] [--heap 512m] [--home DIR]
  up          fetch the jars if needed, format KRaft storage, start and wait until ready, then
              provision the principals and ACLs (idempotent)
  down        stop every node (idempotent)
  status      print the nodes, their pids and resident memory
  reset       stop and delete all data (topics, offsets); the jars and credentials stay
  principals  add the missing principals and make the ACLs the plan's (idempotent)
  fetch       only fetch Apache Kafka from Maven Central`;

function options(values: Record<string, string | boolean | undefined>): ClusterOptions {
  const opts = defaultOptions();
  const nodes = values['nodes'];
  if (typeof nodes === 'string') {
    if (nodes !== '1' && nodes !== '3') {
      throw new PrerequisiteError(`--nodes must be 1 or 3, got "${nodes}"`);
    }
    opts.nodes = nodes === '3' ? 3 : 1;
  }
  const port = (name: string, raw: unknown, fallback: number): number => {
    if (typeof raw !== 'string') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      throw new PrerequisiteError(`--${name} must be a TCP port (0-65535), got "${raw}"`);
    }
    return n;
  };
  opts.brokerPort = port('port', values['port'], opts.brokerPort);
  opts.controllerPort = port('controller-port', values['controller-port'], opts.controllerPort);
  if (typeof values['heap'] === 'string') opts.heap = values['heap'];
  if (typeof values['home'] === 'string') opts.home = values['home'];
  return opts;
}

/** The launcher's command line; `plan` gives the principals and ACLs `up`/`principals` provision. */
export async function kafkaCli(args: string[], plan?: () => AccessPlan): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      nodes: { type: 'string' },
      port: { type: 'string' },
      'controller-port': { type: 'string' },
      heap: { type: 'string' },
      home: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(usage);
    return;
  }
  const opts = options(values);
  switch (command) {
    case 'up': {
      const cluster = await up(opts, console.log, plan?.());
      console.log(`KAFKA_BROKERS=${cluster.bootstrap}`);
      console.log(`RELAIS_KAFKA_CREDENTIALS=${cluster.credentialsFile}`);
      return;
    }
    case 'principals': {
      const state = readState(opts.home);
      if (!state) throw new PrerequisiteError('Kafka is not running: npm run kafka:up first');
      if (!plan) throw new PrerequisiteError('no access plan: run it as npm run kafka:principals');
      return provisionAccess({
        home: opts.home,
        jars: opts.jars,
        bootstrap: state.bootstrap,
        plan: plan(),
      });
    }
    case 'down':
      return down(opts.home);
    case 'reset':
      return reset(opts.home);
    case 'fetch':
      return fetchJars(opts.jars);
    case 'status': {
      const { state, nodes } = status(opts.home);
      if (!state) {
        console.log('Kafka is not running');
        process.exitCode = 1;
        return;
      }
      console.log(
        `Kafka ${state.version}, cluster ${state.clusterId}, bootstrap ${state.bootstrap} (SASL/SCRAM, credentials ${state.credentialsFile})`,
      );
      for (const n of nodes) {
        console.log(
          `  node ${n.id}: pid ${n.pid} ${n.alive ? 'up' : 'DOWN'} broker :${n.brokerPort} controller :${n.controllerPort} rss ${n.rssMiB ?? '?'} MiB`,
        );
      }
      if (nodes.some((n) => !n.alive)) process.exitCode = 1;
      return;
    }
    default:
      throw new PrerequisiteError(`unknown command "${command}"\n${usage}`);
  }
}

export function runKafkaCli(plan?: () => AccessPlan): void {
  kafkaCli(process.argv.slice(2), plan).catch((err: unknown) => {
    console.error(err instanceof PrerequisiteError ? `relais kafka: ${err.message}` : err);
    process.exitCode = 1;
  });
}

if (import.meta.main) runKafkaCli();
