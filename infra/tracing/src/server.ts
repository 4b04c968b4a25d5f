// Start, stop and inspect the local Zipkin server: one JVM, in-memory storage, 127.0.0.1 only.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fetchJar } from './jar.ts';
import {
  logFile,
  stateFile,
  uiUrl,
  ZIPKIN_VERSION,
  type ZipkinOptions,
  type ZipkinState,
} from './layout.ts';
import { checkJava, PrerequisiteError, WITHOUT_TRACING } from './prerequisites.ts';

export interface RunningZipkin extends ZipkinState {
  /** True when `up` found the server already running and left it alone. */
  reused: boolean;
  /** Time spent fetching the jar (0 when it was cached). */
  downloadMs: number;
}

type Log = (line: string) => void;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('zipkin-server');
  } catch {
    return false;
  }
}

export function readState(home: string): ZipkinState | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(home), 'utf8')) as ZipkinState;
  } catch {
    return undefined;
  }
}

/** Zipkin's own health check: 200 with {"status":"UP"} once storage and collector are ready. */
export async function healthy(url: string, timeoutMs = 1_000): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok && ((await res.json()) as { status?: string }).status === 'UP';
  } catch {
    return false;
  }
}

function portAnswers(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function startServer(java: string, jar: string, opts: ZipkinOptions, port: number): number {
  mkdirSync(path.dirname(logFile(opts.home)), { recursive: true });
  // A fresh log per start: Zipkin logs little, and this keeps it bounded.
  const out = openSync(logFile(opts.home), 'w');
  const child = spawn(
    java,
    [
      `-Xms64m`,
      `-Xmx${opts.heap}`,
      // A tracing UI for one machine: the C1 compiler alone halves the start (measured 3.5 s
      // against 8.5 s on two cores) and peak throughput does not matter here.
      '-XX:TieredStopAtLevel=1',
      '-XX:+ExitOnOutOfMemoryError',
      '-Djava.awt.headless=true',
      '-Dlog4j2.disable.jmx=true',
      '-jar',
      jar,
      // Armeria's listener, replaced whole: the API and UI on the loopback interface only.
      `--armeria.ports[0].port=${port}`,
      '--armeria.ports[0].ip=127.0.0.1',
      '--armeria.ports[0].protocols[0]=http',
      '--logging.level.root=WARN',
      '--logging.level.com.linecorp.armeria.server.Server=INFO',
    ],
    {
      detached: true,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        STORAGE_TYPE: 'mem',
        MEM_MAX_SPANS: String(opts.maxSpans),
        QUERY_PORT: String(port),
        // Self-tracing and the other collectors stay off: only the HTTP collector is needed.
        SELF_TRACING_ENABLED: 'false',
        SCRIBE_ENABLED: 'false',
      },
    },
  );
  closeSync(out);
  child.unref();
  if (child.pid === undefined) throw new Error('could not start the Zipkin server');
  return child.pid;
}

/**
 * Starts the Zipkin server (fetching its jar on first use) and waits until /health says UP.
 * Idempotent: a server already recorded in `home` and answering is returned as it is.
 */
export async function up(opts: ZipkinOptions, log: Log = console.log): Promise<RunningZipkin> {
  const existing = readState(opts.home);
  if (existing && isAlive(existing.pid) && (await healthy(existing.url))) {
    log(`Zipkin already running at ${uiUrl(existing.url)} (pid ${existing.pid})`);
    return { ...existing, reused: true, downloadMs: 0 };
  }
  if (existing) await down(opts.home, () => undefined);

  const { command: java } = checkJava();
  const jar = await fetchJar(opts, log);
  const port = opts.port === 0 ? await freePort() : opts.port;
  if (await portAnswers(port)) {
    throw new PrerequisiteError(
      `port ${port} is taken by another process; choose another with --port or RELAIS_ZIPKIN_PORT, ${WITHOUT_TRACING}.`,
    );
  }

  mkdirSync(opts.home, { recursive: true });
  const started = Date.now();
  const pid = startServer(java, jar.path, opts, port);
  const state: ZipkinState = {
    version: ZIPKIN_VERSION,
    pid,
    port,
    url: `http://127.0.0.1:${port}`,
    jar: jar.path,
    heap: opts.heap,
    maxSpans: opts.maxSpans,
    startedAt: new Date(started).toISOString(),
    startupMs: 0,
  };
  writeFileSync(stateFile(opts.home), JSON.stringify(state, null, 2));

  const deadline = started + opts.startTimeoutMs;
  for (;;) {
    if (!isAlive(pid)) {
      rmSync(stateFile(opts.home), { force: true });
      throw new Error(
        `the Zipkin server exited during start-up; see ${logFile(opts.home)}:\n${tail(logFile(opts.home))}`,
      );
    }
    if (await healthy(state.url)) break;
    if (Date.now() > deadline) {
      await down(opts.home, () => undefined);
      throw new Error(
        `the Zipkin server did not answer ${state.url}/health within ${opts.startTimeoutMs} ms; see ${logFile(opts.home)}`,
      );
    }
    await sleep(200);
  }
  state.startupMs = Date.now() - started;
  writeFileSync(stateFile(opts.home), JSON.stringify(state, null, 2));
  log(
    `Zipkin ${ZIPKIN_VERSION} ready in ${state.startupMs} ms at ${uiUrl(state.url)} (in memory, at most ${opts.maxSpans} spans, heap ${opts.heap}; log: ${logFile(opts.home)})`,
  );
  return { ...state, reused: false, downloadMs: jar.downloaded ? jar.ms : 0 };
}

/** Stops the server recorded in `home`; safe to call when nothing runs. */
export async function down(
  home: string,
  log: Log = console.log,
  timeoutMs = 10_000,
): Promise<void> {
  const state = readState(home);
  if (!state) {
    log(`Zipkin is not running (no server recorded in ${home})`);
    return;
  }
  const alive = isAlive(state.pid);
  if (alive) process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(state.pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(state.pid)) process.kill(state.pid, 'SIGKILL');
  rmSync(stateFile(home), { force: true });
  log(
    alive
      ? `Zipkin stopped (pid ${state.pid}); its traces were in memory`
      : 'Zipkin was not running',
  );
}

export interface ZipkinStatus {
  state: ZipkinState | undefined;
  alive: boolean;
  rssMiB: number | undefined;
}

/** The recorded server, whether its process lives, and its resident memory (Linux /proc). */
export function status(home: string): ZipkinStatus {
  const state = readState(home);
  if (!state) return { state, alive: false, rssMiB: undefined };
  let rssMiB: number | undefined;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${state.pid}/status`, 'utf8'))?.[1];
    rssMiB = kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    rssMiB = undefined;
  }
  return { state, alive: isAlive(state.pid), rssMiB };
}
