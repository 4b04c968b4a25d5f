// Each Relais service of the fault campaign as its own Node process (`node services/<x>/src/index.ts`,
// configured by its environment as a deployment would), on a port kept across restarts and a data
// folder that survives them (a deployment keeps its volume). The nemesis kills one with SIGKILL and
// starts it again; how long it took to answer /readyz again is its recovery time.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const root = path.resolve(import.meta.dirname, '..', '..');

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

export interface ServiceSpec {
  /** The instance's name (`router`, `router-2`, …): its log file and the nemesis' target. */
  name: string;
  /** The service it runs (`services/<service>`); its name when unset. */
  service?: string;
  /** The variables of its config.ts (besides those every service shares). */
  env: Record<string, string>;
}

class ExitedWhileStarting extends Error {}

export class ServiceProcess {
  readonly name: string;
  readonly service: string;
  readonly url: string;
  readonly starts: number[] = [];
  /** Why each start that exited before it was ready did (the supervisor started it again). */
  readonly crashedStarts: string[] = [];
  /** Exits nobody asked for once it was serving (the supervisor started it again). */
  readonly crashes: string[] = [];
  private expectExit = false;
  private starting: Promise<number> | undefined;
  private child: ChildProcess | undefined;
  private readonly env: NodeJS.ProcessEnv;
  private readonly logFile: string;

  constructor(spec: ServiceSpec, port: number, shared: Record<string, string>, logsDir: string) {
    this.name = spec.name;
    this.service = spec.service ?? spec.name;
    this.url = `http://127.0.0.1:${port}`;
    // The campaign's own environment, but never its Kafka principal (the admin's KAFKA_SASL_*):
    // a child connects as its own service, from RELAIS_KAFKA_CREDENTIALS, as a deployment would.
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('KAFKA_SASL_')),
    );
    this.env = {
      ...inherited,
      ...shared,
      ...spec.env,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
    };
    mkdirSync(logsDir, { recursive: true });
    this.logFile = path.join(logsDir, `${spec.name}.log`);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Starts the process and waits until /readyz answers 200; answers how long that took. A process
   * that exits while starting is started again after a second, as its supervisor would (systemd's
   * Restart=on-failure, a Kubernetes restart policy); each such exit is kept in `crashedStarts`.
   */
  start(timeoutMs = 120_000): Promise<number> {
    this.starting ??= this.startNow(timeoutMs).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async startNow(timeoutMs: number): Promise<number> {
    this.expectExit = false;
    const started = Date.now();
    for (;;) {
      try {
        await this.startOnce(started + timeoutMs);
        break;
      } catch (err) {
        if (!(err instanceof ExitedWhileStarting) || Date.now() > started + timeoutMs) throw err;
        this.crashedStarts.push(err.message);
        await sleep(1_000);
      }
    }
    const took = Date.now() - started;
    this.starts.push(took);
    return took;
  }

  private async startOnce(deadline: number): Promise<void> {
    const out = openSync(this.logFile, 'a');
    const child = spawn(
      process.execPath,
      [
        '--disable-warning=TimeoutNegativeWarning',
        path.join(root, 'services', this.service, 'src', 'index.ts'),
      ],
      { cwd: root, env: this.env, stdio: ['ignore', out, out] },
    );
    closeSync(out);
    this.child = child;
    let exited: number | null | undefined;
    let ready = false;
    child.once('exit', (code, signal) => {
      exited = code;
      if (!ready || this.expectExit || this.child !== child) return;
      // Died while serving, of itself: the supervisor starts it again.
      this.crashes.push(
        `${this.name} exited (${code ?? signal}) while serving; see ${this.logFile}`,
      );
      setTimeout(() => {
        if (!this.expectExit) void this.start().catch(() => undefined);
      }, 1_000);
    });
    for (;;) {
      if (exited !== undefined)
        throw new ExitedWhileStarting(
          `${this.name} exited (${exited}) while starting: ${this.lastError()}`,
        );
      if (Date.now() > deadline)
        throw new Error(`${this.name} not ready in time; see ${this.logFile}`);
      const ok = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) {
        ready = true;
        return;
      }
      await sleep(200);
    }
  }

  /** The last error its log holds (what Node printed on its way out, or a logged error). */
  private lastError(): string {
    const lines = readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-40);
    const thrown = lines.findLast((l) => /^\w*Error\b|^\w+: /.test(l));
    const logged = lines.findLast(
      (l) => l.includes('"level":"error"') || l.includes('"level":"fatal"'),
    );
    const line = thrown ?? logged ?? lines.at(-1) ?? '';
    return line.slice(0, 300);
  }

  /** SIGKILL, and wait for the process to be gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.expectExit = true;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }

  /** SIGTERM (the graceful stop), SIGKILL after `graceMs`. */
  async stop(graceMs = 25_000): Promise<void> {
    this.expectExit = true;
    await this.starting?.catch(() => undefined);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  }
}
