// npm run bench:registry [-- --seconds 10 --connections 32 --schemas 50] [-- --cpu-prof-dir DIR]
//   [-- --entry path/to/registry/dist/index.js]  (another build of the registry, to compare)
//
// Registry lookups per second for cached schema-by-id (GET /schemas/ids/{id}), the call every
// Confluent deserializer makes on a cache miss, and for subject lookups (POST /subjects/{s}).
// The registry runs as its own process (as deployed), storage on the local broker; autocannon
// drives it over keep-alive HTTP from this process.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { topics } from '@relais/contracts';
import { readSecret } from '@relais/kit';
import { ensureDevKeys } from '@relais/gateway/keys';
import { toolKafka } from '../scripts/lib/kafka.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    schemas: { type: 'string', default: '50' },
    // The registry process's CPU profile (node --cpu-prof), written when it exits.
    'cpu-prof-dir': { type: 'string' },
    entry: { type: 'string' },
  },
});
const root = path.resolve(import.meta.dirname, '..');
const bootstrap = await toolKafka();
const port = 18081;
const base = `http://127.0.0.1:${port}`;
const stamp = Date.now().toString(36);
// Registering takes a steward's (or the operator's) token; lookups need none.
const keysDir = mkdtempSync(path.join(tmpdir(), 'relais-bench-keys-'));
await ensureDevKeys(keysDir, []);
const steward = `Bearer ${readSecret(keysDir, 'steward.token')}`;
const registry = spawn(
  process.execPath,
  [
    '--disable-warning=TimeoutNegativeWarning',
    ...(values['cpu-prof-dir'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof-dir']}`] : []),
    path.resolve(values.entry ?? path.join(root, 'services/registry/dist/index.js')),
  ],
  {
    env: {
      ...process.env,
      KAFKA_BROKERS: bootstrap,
      HTTP_PORT: String(port),
      REGISTRY_TOPIC: `${topics.schemas.name}.bench.${stamp}`,
      REGISTRY_LEADER_GROUP: `relais-registry.bench.${stamp}`,
      REGISTRY_PUBLISH_CONTRACTS: 'false',
      REGISTRY_KEYS_DIR: keysDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
try {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error('registry did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
  const CT = 'application/vnd.schemaregistry.v1+json';
  const ids: number[] = [];
  const schemas: string[] = [];
  for (let i = 0; i < Number(values.schemas); i += 1) {
    const schema = JSON.stringify({
      type: 'record',
      name: `Bench${i}`,
      namespace: 'fr.gouv.bench',
      fields: [
        { name: 'a', type: 'string' },
        { name: 'b', type: ['null', 'long'], default: null },
      ],
    });
    schemas.push(schema);
    // Ready is not leading: on a broker just started, the leader is elected a few seconds later
    // (50004). Retry until then; any other refusal stops the bench (it would measure 404s).
    let res: Response;
    for (let attempt = 0; ; attempt += 1) {
      res = await fetch(`${base}/subjects/bench-${i}/versions`, {
        method: 'POST',
        headers: { 'content-type': CT, authorization: steward },
        body: JSON.stringify({ schema }),
      });
      if (res.ok) break;
      const body = await res.text();
      if (!body.includes('50004') || attempt >= 150)
        throw new Error(`registering bench-${i}: HTTP ${res.status} ${body}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    ids.push(((await res.json()) as { id: number }).id);
  }

  // The registry's own CPU time (Linux /proc, clock ticks): on shared cores, requests per
  // CPU-second of the registry say more than requests per second of wall time.
  const cpuTicks = () => {
    try {
      const stat = readFileSync(`/proc/${registry.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return Number.NaN;
    }
  };
  const cpu = new Map<string, number>();
  const run = (title: string, requests: autocannon.Request[]) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const ticks0 = cpuTicks();
      autocannon(
        {
          title,
          url: base,
          connections: Number(values.connections),
          duration: Number(values.seconds),
          requests,
        },
        (err, result) => {
          cpu.set(title, (cpuTicks() - ticks0) / 100);
          if (err) reject(err);
          else resolve(result);
        },
      );
    });
  let n = 0;
  const byId = await run('GET /schemas/ids/{id}', [
    {
      method: 'GET',
      setupRequest: (req) => ({ ...req, path: `/schemas/ids/${ids[n++ % ids.length]}` }),
    },
  ]);
  let m = 0;
  const lookup = await run('POST /subjects/{s}', [
    {
      method: 'POST',
      headers: { 'content-type': CT },
      setupRequest: (req) => {
        const i = m++ % schemas.length;
        return {
          ...req,
          path: `/subjects/bench-${i}`,
          body: JSON.stringify({ schema: schemas[i] }),
        };
      },
    },
  ]);
  console.log(
    `\nregistry on ${bootstrap}; ${ids.length} schemas; ${values.connections} connections × ${values.seconds} s; node ${process.version}\n`,
  );
  console.log(
    '| request | requests/s (mean) | latency p50 | p99 | errors/non-2xx | registry CPU | requests per registry CPU-second |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of [byId, lookup]) {
    const seconds = cpu.get(r.title ?? '') ?? Number.NaN;
    console.log(
      `| ${r.title} | ${Math.round(r.requests.average).toLocaleString('en-US')} | ${r.latency.p50} ms | ${r.latency.p99} ms | ${r.errors}/${r.non2xx} | ${seconds.toFixed(1)} s | ${Math.round(r.requests.total / seconds).toLocaleString('en-US')} |`,
    );
  }
} finally {
  const exited = new Promise((r) => registry.once('exit', r));
  registry.kill('SIGTERM');
  await exited;
  rmSync(keysDir, { recursive: true, force: true });
}
