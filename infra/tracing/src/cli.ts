// npm run tracing:up [-- --port 9411 --heap 256m --max-spans 50000]
// npm run tracing:down | tracing:status      (also: node infra/tracing/src/cli.ts fetch)
import { parseArgs } from 'node:util';
import { fetchJar } from './jar.ts';
import {
  defaultOptions,
  logFile,
  spansEndpoint,
  uiUrl,
  ZIPKIN_VERSION,
  type ZipkinOptions,
} from './layout.ts';
import { PrerequisiteError } from './prerequisites.ts';
import { down, healthy, status, up } from './server.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string' },
    heap: { type: 'string' },
    'max-spans': { type: 'string' },
    home: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

const usage = `usage: cli.ts <up|down|status|fetch> [--port 9411] [--heap 256m] [--max-spans 50000] [--home DIR]
  up      fetch the Zipkin server jar if needed, start it (in memory, 127.0.0.1) and wait for /health (idempotent)
  down    stop it (idempotent); its traces were in memory and go with it
  status  print its URL, pid and resident memory
  fetch   only fetch the jar from Maven Central (checked against its sha1 and md5)`;

function whole(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new PrerequisiteError(
      `--${name} must be a whole number between 0 and ${max}, got "${raw}"`,
    );
  }
  return n;
}

function options(): ZipkinOptions {
  const opts = defaultOptions();
  opts.port = whole('port', values.port, opts.port, 65535);
  opts.maxSpans = whole('max-spans', values['max-spans'], opts.maxSpans, 10_000_000);
  if (values.heap !== undefined) {
    if (!/^\d+[mg]$/i.test(values.heap)) {
      throw new PrerequisiteError(
        `--heap must be a JVM size such as 256m or 1g, got "${values.heap}"`,
      );
    }
    opts.heap = values.heap;
  }
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
      const zipkin = await up(opts);
      console.log(`Tracing UI: ${uiUrl(zipkin.url)}`);
      console.log(`OTEL_EXPORTER_ZIPKIN_ENDPOINT=${spansEndpoint(zipkin.url)}`);
      return;
    }
    case 'down':
      return down(opts.home);
    case 'fetch': {
      const jar = await fetchJar(opts);
      if (!jar.downloaded) console.log(`Zipkin server jar already cached at ${jar.path}`);
      return;
    }
    case 'status': {
      const { state, alive, rssMiB } = status(opts.home);
      if (!state) {
        console.log('Zipkin is not running');
        process.exitCode = 1;
        return;
      }
      const answering = alive && (await healthy(state.url));
      console.log(
        `Zipkin ${ZIPKIN_VERSION}: pid ${state.pid} ${answering ? 'up' : alive ? 'NOT ANSWERING' : 'DOWN'} at ${uiUrl(state.url)}, rss ${rssMiB ?? '?'} MiB, heap ${state.heap}, at most ${state.maxSpans} spans (log: ${logFile(opts.home)})`,
      );
      if (!answering) process.exitCode = 1;
      return;
    }
    default:
      throw new PrerequisiteError(`unknown command "${command}"\n${usage}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof PrerequisiteError ? `relais tracing: ${err.message}` : err);
  process.exitCode = 1;
});
