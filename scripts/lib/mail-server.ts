// The local SMTP server process (the one the notifier's tests use) for `npm start`: it accepts
// every message and keeps it as an .eml file in `dir`.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { root } from './preflight.ts';

const SCRIPT = path.join(root, 'services', 'notifier', 'test', 'support', 'smtp-server-process.ts');

export async function startMailServer(
  dir: string,
): Promise<{ port: number; dir: string; stop(): void }> {
  mkdirSync(dir, { recursive: true });
  const child = spawn(process.execPath, [SCRIPT, dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`local SMTP server exited (${code})`)));
  });
  const { port } = JSON.parse(line) as { port: number };
  // The server stops when its stdin closes: with us.
  return { port, dir, stop: () => void child.kill('SIGTERM') };
}
