// A local SMTP server in its own process (./smtp-server-process.ts), for e-mail tests that must
// not depend on anything outside the machine, and for `npm start`'s demo mail relay.
// `messages()` reads what it received, parsed with postal-mime.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PostalMime, { type Email } from 'postal-mime';

// Beside this module: the compiled .js under dist/, the .ts when run from source.
const HERE = fileURLToPath(import.meta.url);
const SCRIPT = path.join(path.dirname(HERE), `smtp-server-process${path.extname(HERE)}`);

export interface ReceivedMessage extends Email {
  /** The raw message as received (headers and body), for byte-level checks. */
  raw: string;
  file: string;
}

export interface SmtpServerHandle {
  host: string;
  port: number;
  /** Where the server writes one .eml file per message. */
  dir: string;
  /** Every message received so far, in order, parsed. */
  messages(): Promise<ReceivedMessage[]>;
  /** Waits until at least `count` messages arrived. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  /** Stops the process and removes the directory (unless `keep`, or a `dir` it was given). */
  stop(options?: { keep?: boolean }): Promise<void>;
}

export interface SmtpServerOptions {
  /** Where to keep the messages (created if missing, kept on stop); default a temporary one. */
  dir?: string;
  /** Refuse (550) any recipient whose address contains this text. */
  rejectRecipientsContaining?: string;
  startTimeoutMs?: number;
}

function readPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => {
      reject(new Error(`SMTP server did not print its port within ${timeoutMs} ms`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      buffer += d.toString();
      const line = buffer.split('\n').find((l) => l.trim().startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      try {
        const { port } = JSON.parse(line) as { port: number };
        resolve(port);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`SMTP server exited with code ${code} before listening`));
    });
  });
}

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<SmtpServerHandle> {
  const given = options.dir !== undefined;
  const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'relais-smtp-')));
  if (given) await mkdir(dir, { recursive: true });
  const args = [SCRIPT, dir];
  if (options.rejectRecipientsContaining) args.push('--reject', options.rejectRecipientsContaining);
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let port: number;
  try {
    port = await readPort(child, options.startTimeoutMs ?? 15_000);
  } catch (err) {
    child.kill('SIGKILL');
    process.off('exit', killOnExit);
    if (!given) await rm(dir, { recursive: true, force: true });
    throw err;
  }

  const messages = async (): Promise<ReceivedMessage[]> => {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
    const out: ReceivedMessage[] = [];
    for (const f of files) {
      const file = path.join(dir, f);
      const buf = await readFile(file);
      const parsed = await PostalMime.parse(buf);
      out.push({ ...parsed, raw: buf.toString('utf8'), file });
    }
    return out;
  };

  return {
    host: '127.0.0.1',
    port,
    dir,
    messages,
    async waitForMessages(count, timeoutMs = 10_000) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const got = await messages();
        if (got.length >= count) return got;
        if (performance.now() > deadline) {
          throw new Error(`expected ${count} message(s) within ${timeoutMs} ms, got ${got.length}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop({ keep = given } = {}) {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
      }
      if (!keep) await rm(dir, { recursive: true, force: true });
    },
  };
}
