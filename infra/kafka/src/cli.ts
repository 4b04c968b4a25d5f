// npm run kafka:up [-- --nodes 3 --port 9092 --controller-port 9192 --heap 512m]
// npm run kafka:down | kafka:status | kafka:reset      (also: node infra/kafka/src/cli.ts fetch)
import { parseArgs } from 'node:util';
import { defaultOptions, type ClusterOptions } from './layout.ts';
import { down, reset, status, up } from './cluster.ts';
import { fetchJars, PrerequisiteError } from './prerequisites.ts';

const { values, positionals } = parseArgs({
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

const usage = `usage: kafka.ts <up|down|status|reset|fetch> [--nodes 1|3] [--port N] [--controller-port N] [--heap 512m] [--home DIR]
  up      fetch the jars if needed, format KRaft storage, start and wait until ready (idempotent)
  down    stop every node (idempotent)
  status  print the nodes, their pids and resident memory
  reset   stop and delete all data (topics, offsets); the jars stay
  fetch   only fetch Apache Kafka from Maven Central`;

function options(): ClusterOptions {
  const opts = defaultOptions();
  if (values.nodes !== undefined) {
    if (values.nodes !== '1' && values.nodes !== '3') {
      throw new PrerequisiteError(`--nodes must be 1 or 3, got "${values.nodes}"`);
    }
    opts.nodes = values.nodes === '3' ? 3 : 1;
  }
  const port = (name: string, raw: string | undefined, fallback: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      throw new PrerequisiteError(`--${name} must be a TCP port (0-65535), got "${raw}"`);
    }
    return n;
  };
  opts.brokerPort = port('port', values.port, opts.brokerPort);
  opts.controllerPort = port('controller-port', values['controller-port'], opts.controllerPort);
  if (values.heap !== undefined) opts.heap = values.heap;
  if (values.home !== undefined) opts.home = values.home;
  return opts;
}

async function main(): Promise<void> {
  const command = positionals[0];
  if (values.help || !command) {
    console.log(usage);
    return;
  }
  const opts = options();
  switch (command) {
    case 'up': {
      const cluster = await up(opts);
      console.log(`KAFKA_BROKERS=${cluster.bootstrap}`);
      return;
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
        `Kafka ${state.version}, cluster ${state.clusterId}, bootstrap ${state.bootstrap}`,
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

main().catch((err: unknown) => {
  console.error(err instanceof PrerequisiteError ? `relais kafka: ${err.message}` : err);
  process.exitCode = 1;
});
