// npm run test:faults [-- --seed N --duration 240 --citizens 60 --instances 1 --keep]
// The fault campaign: a private 3-node cluster (RF 3, min ISR 2), the registry and the five Relais
// services as processes, load over the gateway's HTTP API while a nemesis on a seeded PRNG kills
// (SIGKILL) a partition leader five times and each service once; then quiesce and count what must
// be zero. With `--instances 3`, the gateway, router, eligibility and notifier run as 3 instances
// each behind a round-robin balancer (balancer.ts), and the nemesis kills one instance of each. Prints the seed, the schedule and the counts; exits 1 when a count that must be 0 is not.
// It runs three brokers and six services for several minutes: not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { loadCatalog, topics } from '@relais/contracts';
import { ensureDevKeys } from '@relais/gateway/keys';
import { AvroSerde, createKafka, createLogger, systemClock } from '@relais/kit';
import { adminEnv, defaultOptions, reset, up } from '@relais/local-kafka';
import { tokenSigner } from '@relais/portal';
import { relaisAccessPlan } from '../../scripts/lib/kafka.ts';
import { check, type Counts } from './checker.ts';
import { Agency, InboxFollower, webhookReceiver } from './clients.ts';
import { Load } from './load.ts';
import { balancer, type Balancer } from './balancer.ts';
import {
  describe,
  planFaults,
  SERVICES,
  playFaults,
  Random,
  waitInSync,
  type FaultRecord,
} from './nemesis.ts';
import { freePort, root, ServiceProcess } from './services.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    duration: { type: 'string', default: '240' },
    citizens: { type: 'string', default: '60' },
    keep: { type: 'boolean', default: false },
    instances: { type: 'string', default: '1' },
  },
});
/** Instances of each service that scales out by partitions (dec-045); the others run once. */
const instances = Number(values.instances);
const SCALED = ['gateway', 'router', 'eligibility', 'notifier'];
const seed = values.seed ? Number(values.seed) : Date.now() % 1_000_000;
const durationMs = Number(values.duration) * 1000;
const started = Date.now();
const say = (line: string): void =>
  console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

const build = spawnSync(
  path.join(root, 'node_modules', '.bin', 'turbo'),
  ['run', 'build', '--output-logs=errors-only'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const work = mkdtempSync(path.join(tmpdir(), 'relais-faults-'));
const cluster = {
  ...defaultOptions(),
  nodes: 3 as const,
  home: path.join(work, 'kafka'),
  brokerPort: 0,
  controllerPort: 0,
};
const services: Record<string, ServiceProcess> = {};
const balancers: Balancer[] = [];
const logger = createLogger({ service: 'faults', level: 'silent' });
let teardown = async (): Promise<void> => undefined;
let failed = true;
process.once('SIGINT', () => void teardown().finally(() => process.exit(130)));

async function main(): Promise<Counts & { schedule: FaultRecord[] }> {
  say(`seed ${seed}, load ${durationMs / 1000} s, work folder ${work}`);
  // Relais' principals and ACLs (dec-031), as `npm start` provisions them: each service connects
  // as its own principal (RELAIS_KAFKA_CREDENTIALS), the campaign's own clients as the admin.
  const kafkaUp = await up(cluster, () => undefined, relaisAccessPlan());
  Object.assign(process.env, adminEnv(cluster.home));
  say(`3-node cluster ready in ${kafkaUp.startupMs} ms at ${kafkaUp.bootstrap}`);
  const brokers = kafkaUp.bootstrap.split(',');
  const kafka = createKafka({ brokers, clientId: 'relais-faults', logger });

  const keysDir = path.join(work, 'keys');
  const { catalog } = loadCatalog();
  await ensureDevKeys(
    keysDir,
    catalog.agencies.map((a) => a.id),
  );
  await tokenSigner(keysDir, systemClock); // the portal's token key, which consent and notifier trust
  const names = (service: string): string[] =>
    SCALED.includes(service) && instances > 1
      ? Array.from({ length: instances }, (_, i) => (i === 0 ? service : `${service}-${i + 1}`))
      : [service];
  const ports = Object.fromEntries(
    await Promise.all(
      ['registry', 'gateway', 'consent', 'router', 'eligibility', 'notifier']
        .flatMap(names)
        .map(async (s) => [s, await freePort()] as const),
    ),
  );
  const registryUrl = `http://127.0.0.1:${ports['registry']}`;
  const shared = {
    KAFKA_BROKERS: kafkaUp.bootstrap,
    RELAIS_KAFKA_CREDENTIALS: kafkaUp.credentialsFile,
    SCHEMA_REGISTRY_URL: registryUrl,
    LOG_LEVEL: process.env['FAULTS_LOG_LEVEL'] ?? 'info',
    RELAIS_PARTITIONS: '3',
    METRICS_TOKEN_FILE: path.join(keysDir, 'metrics.token'),
  };
  const data = (s: string): string => path.join(work, 'data', s);
  const specs = [
    { name: 'registry', env: { REGISTRY_KEYS_DIR: keysDir, REGISTRY_PUBLISH_CONTRACTS: 'true' } },
    {
      name: 'gateway',
      env: {
        GATEWAY_KEYS_DIR: keysDir,
        GATEWAY_DATA_DIR: data('gateway'),
        GATEWAY_WEBHOOK_INSECURE_LOCALHOST: 'true',
      },
    },
    {
      name: 'consent',
      env: {
        CONSENT_KEYS_DIR: keysDir,
        CONSENT_DATA_DIR: data('consent'),
        CONSENT_RECEIPT_KEYS_DIR: data('consent-keys'),
        CONSENT_ARCHIVE_DIR: data('router-archive'),
      },
    },
    {
      name: 'router',
      env: {
        ROUTER_KEYS_DIR: keysDir,
        ROUTER_DATA_DIR: data('router'),
        // Its own archive, not the development one (.relais/archive).
        ROUTER_ARCHIVE_DIR: data('router-archive'),
      },
    },
    {
      name: 'eligibility',
      env: { ELIGIBILITY_KEYS_DIR: keysDir, ELIGIBILITY_DATA_DIR: data('eligibility') },
    },
    { name: 'notifier', env: { NOTIFIER_KEYS_DIR: keysDir, NOTIFIER_DATA_DIR: data('notifier') } },
  ];
  const instanceEnv: Record<string, (name: string) => Record<string, string>> = {
    gateway: (n) => ({ GATEWAY_INSTANCE: n, GATEWAY_DATA_DIR: data(n) }),
    router: (n) => ({
      ROUTER_INSTANCE: n,
      ROUTER_DATA_DIR: data(n),
      ROUTER_ARCHIVE_DIR: data(`${n}-archive`),
    }),
    eligibility: (n) => ({ ELIGIBILITY_INSTANCE: n, ELIGIBILITY_DATA_DIR: data(n) }),
    notifier: (n) => ({ NOTIFIER_DATA_DIR: data(n) }),
  };
  for (const spec of specs) {
    for (const name of names(spec.name)) {
      const env = { ...spec.env, ...(instances > 1 ? instanceEnv[spec.name]?.(name) : {}) };
      const service = new ServiceProcess(
        { name, service: spec.name, env },
        ports[name] ?? 0,
        shared,
        path.join(work, 'logs'),
      );
      services[name] = service;
      say(`${name} ready in ${await service.start()} ms (pid ${service.pid})`);
    }
  }
  // One address per service, as clients see a deployment: a balancer before scaled services.
  const front: Record<string, string> = {};
  for (const spec of specs) {
    const mine = names(spec.name).map((n) => services[n]?.url ?? '');
    if (mine.length === 1) front[spec.name] = mine[0] ?? '';
    else {
      const lb = await balancer(() => mine);
      balancers.push(lb);
      front[spec.name] = lb.url;
    }
  }
  const url = (s: string): string => front[s] ?? '';

  const agencies = {
    'mairie-lyon': new Agency('mairie-lyon', url('gateway'), keysDir),
    caf: new Agency('caf', url('gateway'), keysDir),
    cpam: new Agency('cpam', url('gateway'), keysDir),
    dgfip: new Agency('dgfip', url('gateway'), keysDir),
  };
  const hooks = await webhookReceiver();
  const webhookAgencies = ['caf', 'dgfip'] as const;
  for (const a of webhookAgencies) {
    const res = await agencies[a].request('PUT', '/v1/webhooks', {
      url: hooks.url(a),
      secret: 's'.repeat(40),
    });
    if (res.status !== 200)
      throw new Error(`webhook of ${a}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const inboxes = {
    caf: new InboxFollower(agencies.caf),
    cpam: new InboxFollower(agencies.cpam),
    dgfip: new InboxFollower(agencies.dgfip),
  };
  for (const f of Object.values(inboxes)) f.start();

  const random = new Random(seed);
  const load = new Load({
    gatewayUrl: url('gateway'),
    consentUrl: url('consent'),
    notifierUrl: url('notifier'),
    keysDir,
    dataDir: path.join(work, 'data'),
    brokers,
    logger,
    agencies,
    random,
  });
  await load.enrol(Number(values.citizens));
  await load.grantConsents();
  say(`${load.citizens.length} citizens enrolled, consents granted`);

  const keyTopics = [
    topics.events.name('residence'),
    topics.consents.name,
    topics.deliveries.name('caf'),
    topics.accessLog.name,
    topics.deliveries.name('relais'),
  ];
  // One instance of each scaled service, chosen by the seed, is the one the nemesis kills.
  // (With one instance each, no draw: the seeds' schedules stay those published before.)
  const victims = SERVICES.map((s) => (names(s).length > 1 ? random.pick(names(s)) : s));
  const plan = planFaults(random, durationMs, keyTopics, 3, 5, victims);
  say(`fault plan (seed ${seed}):`);
  for (const f of plan)
    console.log(
      `    t+${(f.at / 1000).toFixed(1).padStart(6)} s  ${f.kind} ${f.target} (down ${(f.downMs / 1000).toFixed(1)} s)`,
    );
  const t0 = Date.now();
  const [, schedule] = await Promise.all([
    load.run(t0 + durationMs),
    playFaults({ kafka, cluster, services, log: (l) => say(l) }, plan, t0),
  ]);
  say(`load stopped: ${load.publications.length} publications; quiescing`);
  await waitInSync(kafka, keyTopics);

  const proactive = load.citizens.filter((c) => c.proactive);
  const input = {
    kafka,
    serde: new AvroSerde(registryUrl),
    catalog,
    publications: load.publications,
    inboxes,
    webhooks: { agencies: [...webhookAgencies], received: hooks.received },
    notices: () => Promise.all(proactive.map((c) => load.notices(c))),
    noticesExpected: proactive.length,
  };
  // Quiesce: until nothing is missing, or nothing improved for 30 s (at most 3 minutes). Notices
  // count as progress too: they come last (fact → determination → notice).
  let counts: Counts | undefined;
  let best = Number.POSITIVE_INFINITY;
  let bestNotified = -1;
  let still = 0;
  for (const until = Date.now() + 180_000; Date.now() < until && still < 3;) {
    await sleep(10_000);
    for (const f of Object.values(inboxes)) await f.drain();
    counts = await check(input);
    const notified = String(counts.extras['citizens with a notice / expected']).split(' / ');
    say(`quiescing: ${counts.deliveriesMissing} deliveries missing, notices ${notified.join('/')}`);
    if (counts.deliveriesMissing === 0 && notified[0] === notified[1]) break;
    const improved = counts.deliveriesMissing < best || Number(notified[0]) > bestNotified;
    still = improved ? 0 : still + 1;
    best = Math.min(best, counts.deliveriesMissing);
    bestNotified = Math.max(bestNotified, Number(notified[0]));
  }
  await hooks.close();
  for (const lb of balancers)
    say(`balancer: ${[...lb.served].map(([u, n]) => `${n} to :${new URL(u).port}`).join(', ')}`);
  if (!counts) throw new Error('no check ran');
  return { ...counts, schedule };
}

teardown = async () => {
  for (const lb of balancers) await lb.close().catch(() => undefined);
  // All at once: one by one, fourteen processes' grace periods add up to minutes.
  await Promise.all(Object.values(services).map((s) => s.stop().catch(() => undefined)));
  await reset(cluster.home, () => undefined).catch(() => undefined);
  // A failed campaign keeps its work folder: the services' logs say why.
  if (!values.keep && !failed) rmSync(work, { recursive: true, force: true });
};

try {
  const result = await main();
  const restarts = result.schedule.filter((r) => r.kind === 'kill-service').length;
  const recovery = Math.max(...result.schedule.map((r) => r.recoveryMs ?? 0));
  console.log(`\nFault schedule (seed ${seed}):`);
  for (const r of result.schedule) console.log(`  ${describe(r)}`);
  const must = {
    'acknowledged events lost': result.acknowledgedLost,
    'deliveries missing': result.deliveriesMissing,
    'duplicates in an inbox, a webhook, a notice or the access log': result.duplicates,
    "deliveries after a revocation's position": result.deliveriesAfterRevocation,
    'access-log chains failing verification': result.chainsFailing,
  };
  console.log('\nCounts (each must be 0):');
  for (const [k, v] of Object.entries(must))
    console.log(`  ${String(v).padStart(6)}  ${k}${v ? '   ✗' : ''}`);
  console.log('\nAlso:');
  for (const [k, v] of Object.entries(result.extras))
    console.log(`  ${String(v).padStart(6)}  ${k}`);
  console.log(`  ${String(restarts).padStart(6)}  service restarts`);
  for (const s of Object.values(services))
    for (const why of [...s.crashedStarts, ...s.crashes]) console.log(`  started again: ${why}`);
  console.log(
    `  ${(recovery / 1000).toFixed(1).padStart(6)}  s, longest time from a kill to serving again`,
  );
  console.log(`  ${((Date.now() - started) / 1000).toFixed(0).padStart(6)}  s, wall time`);
  failed = Object.values(must).some((v) => v !== 0) || result.schedule.some((r) => r.error);
  console.log(failed ? '\nFAULT CAMPAIGN FAILED' : '\nfault campaign passed');
} catch (err) {
  console.error(err);
} finally {
  await teardown();
  if (values.keep || failed) console.log(`work folder kept: ${work}`);
}
process.exit(failed ? 1 : 0);
