// npm run eligibility:campaign [-- --on YYYY-MM-DD] [--url http://127.0.0.1:8084]
//
// Re-evaluates every consenting citizen's profile for a date (default: today) on the running
// eligibility service, with a progress bar and the final profiles/s. Run it when a new parameter
// set takes effect (the service also starts one by itself on that day).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    on: { type: 'string' },
    url: { type: 'string', default: process.env['ELIGIBILITY_URL'] ?? 'http://127.0.0.1:8084' },
    keys: { type: 'string', default: path.join(repo, 'infra', 'agencies', '.keys') },
  },
});

interface Campaign {
  id: string;
  on: string;
  status: string;
  total: number;
  done: number;
  changed: number;
  seconds?: number;
  profilesPerSecond?: number;
  error?: string;
}

let token: string;
try {
  token = readFileSync(path.join(values.keys, 'operator.token'), 'utf8').trim();
} catch {
  console.error(`no operator token in ${values.keys}: run \`npm run agencies:keys\` first`);
  process.exit(2);
}
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

async function call<T>(
  method: string,
  p: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  try {
    const res = await fetch(`${values.url}${p}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as T };
  } catch (err) {
    console.error(
      `eligibility service not reachable at ${values.url} (${(err as Error).message}); is \`npm start\` running?`,
    );
    process.exit(2);
  }
}

const started = await call<Campaign & { message?: string }>(
  'POST',
  '/v1/campaigns',
  values.on ? { on: values.on } : {},
);
if (started.status !== 202) {
  console.error(
    `campaign refused (${started.status}): ${started.body.message ?? JSON.stringify(started.body)}`,
  );
  process.exit(1);
}
const tty = process.stdout.isTTY;
const bar = (c: Campaign): string => {
  const ratio = c.total ? c.done / c.total : 1;
  const width = 30;
  const full = Math.round(ratio * width);
  return `[${'█'.repeat(full)}${'░'.repeat(width - full)}] ${(ratio * 100).toFixed(0).padStart(3)} % ${c.done.toLocaleString('en')}/${c.total.toLocaleString('en')} profiles`;
};
let c: Campaign = started.body;
console.log(`campaign ${c.id} for ${c.on}: ${c.total.toLocaleString('en')} profiles`);
let last = '';
while (c.status === 'running') {
  await new Promise((r) => setTimeout(r, 200));
  c = (await call<Campaign>('GET', `/v1/campaigns/${c.id}`)).body;
  const line = bar(c);
  // On a terminal the bar redraws in place; in a log, a line each time the bar grows.
  if (tty) process.stdout.write(`\r${line}`);
  else if (c.status === 'running' && line.slice(0, 34) !== last.slice(0, 34)) console.log(line);
  last = line;
}
if (tty) process.stdout.write(`\r${bar(c)}\n`);
else console.log(bar(c));
if (c.status !== 'done') {
  console.error(`campaign ${c.status}${c.error ? `: ${c.error}` : ''}`);
  process.exit(1);
}
console.log(
  `${c.done.toLocaleString('en')} profiles re-evaluated in ${c.seconds} s — ${(c.profilesPerSecond ?? 0).toLocaleString('en')} profiles/s; ${c.changed} determination(s) changed`,
);
