// npm run bench:eligibility [-- --profiles 1000000 --evaluations 200000] [-- --evaluations-only]
//   [-- --cpu-profile campaign.cpuprofile]  (a CPU profile of the campaign alone)
//
// 1. Evaluations/s: the seven rules on synthetic households, pure (no I/O).
// 2. A campaign over N synthetic profiles on disk (one SQLite file per partition), through the
//    real service on a real broker: profiles are written with the outcomes they had on the eve of
//    a revaluation, then the new parameter set takes effect and every profile is re-evaluated;
//    the determinations that changed are published (Avro, acks=all). Reports profiles/s, the
//    determinations published, heap and RSS.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { asConsentId, asEventId, loadCatalog, topics } from '@relais/contracts';
import { asPseudonym } from '@relais/identity';
import { startEligibility } from '../services/eligibility/src/index.ts';
import {
  evaluateAll,
  factsOf,
  emptyProfile,
  type Profile,
  type HouseholdMemberFact,
  reevaluate,
  newEngineStats,
} from '../services/eligibility/src/domain/index.ts';
import { ensureDevKeys } from '@relais/gateway/keys';
import { createLogger, DEFAULT_PARTITIONS, fixedClock } from '@relais/kit';
import { toolKafka } from '../scripts/lib/kafka.ts';
import { ProfileStore } from '../services/eligibility/src/adapters/profile-store.ts';
import { startBenchRegistry } from './lib/registry.ts';

const { values } = parseArgs({
  options: {
    profiles: { type: 'string', default: '1000000' },
    evaluations: { type: 'string', default: '200000' },
    // Part 1 alone: no broker needed (for CPU profiles of the rules).
    'evaluations-only': { type: 'boolean', default: false },
    'cpu-profile': { type: 'string' },
  },
});
const nProfiles = Number(values.profiles);
const nEvaluations = Number(values.evaluations);
const mib = (n: number) => Math.round(n / 1048576);

// A deterministic generator (mulberry32): the same households on every run.
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
const year = (from: number, to: number) =>
  `${from + Math.floor(random() * (to - from))}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;

function syntheticProfile(i: number): Profile {
  const p = emptyProfile();
  p.consentId = asConsentId(`bench-consent-${i}`);
  const couple = random() < 0.45;
  const children = pick([0, 0, 1, 1, 2, 2, 3, 4]);
  const members: HouseholdMemberFact[] = [
    { role: 'applicant', birthDate: year(1950, 2004) },
    ...(couple ? [{ role: 'spouse' as const, birthDate: year(1950, 2004) }] : []),
    ...Array.from({ length: children }, () => ({
      role: 'child' as const,
      birthDate: year(2008, 2024),
      dependent: true,
    })),
  ];
  const stamp = { time: '2026-03-01T10:00:00Z', eventId: asEventId(`bench-${i}`) };
  p.facts.address = { ...stamp, value: { cityCode: random() < 0.04 ? '97411' : '69382' } };
  p.facts.household = { ...stamp, value: { members } };
  p.facts.income = {
    ...stamp,
    value: {
      taxYear: 2024,
      referenceTaxIncomeCents: Math.floor(random() * 6_000_000),
      members,
    },
  };
  const status = pick(['EMPLOYED', 'EMPLOYED', 'UNEMPLOYED', 'SELF_EMPLOYED', 'RETIRED']);
  p.facts.employment = {
    ...stamp,
    value: { status, monthlyNetIncomeCents: Math.floor(random() * 350_000) },
  };
  if (status === 'UNEMPLOYED')
    p.facts.jobseeker = {
      ...stamp,
      value: {
        compensated: random() < 0.6,
        dailyAllowanceCents: 3_000 + Math.floor(random() * 5_000),
      },
    };
  if (random() < 0.05)
    p.facts.disability = {
      ...stamp,
      value: {
        decisionKind: 'AAH_ELIGIBILITY',
        incapacityRate: pick([50, 60, 80, 85]),
        substantialEmploymentRestriction: random() < 0.5,
        periodStart: '2024-01-01',
      },
    };
  return p;
}

// 1. Evaluations/s.
{
  const profiles = Array.from({ length: 10_000 }, (_, i) => factsOf(syntheticProfile(i)));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let decisions = 0;
  for (let i = 0; i < nEvaluations; i += 1)
    decisions += evaluateAll(
      profiles[i % profiles.length] as ReturnType<typeof factsOf>,
      '2026-03-31',
    ).length;
  const s = (performance.now() - t0) / 1000;
  // CPU time too (the process's, GC threads included): on shared cores wall time counts the
  // other tenants' turns, CPU time does not.
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  console.log(
    `evaluations: ${nEvaluations.toLocaleString('en')} profiles × 7 rules in ${s.toFixed(2)} s → ${Math.round(nEvaluations / s).toLocaleString('en')} profiles/s, ${Math.round(decisions / s).toLocaleString('en')} rule evaluations/s; ${cpuS.toFixed(2)} s CPU → ${Math.round(nEvaluations / cpuS).toLocaleString('en')} profiles per CPU-second`,
  );
}

if (values['evaluations-only']) process.exit(0);

// 2. The campaign.
const bootstrap = await toolKafka();
const logger = createLogger({ service: 'bench', level: process.env['LOG_LEVEL'] ?? 'warn' });
const stamp = Date.now().toString(36);
const catalog = loadCatalog().catalog;
const keysDir = mkdtempSync(path.join(tmpdir(), 'relais-bench-keys-'));
const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-bench-eligibility-'));
await ensureDevKeys(
  keysDir,
  catalog.agencies.map((a) => a.id),
);

// Profiles as they stood on 31 March 2026, outcomes included (what the service would hold).
{
  const t0 = performance.now();
  const store = new ProfileStore({ dataDir, partitions: DEFAULT_PARTITIONS });
  const stats = newEngineStats();
  const now = new Date('2026-03-31T10:00:00Z');
  const batch = Array.from({ length: DEFAULT_PARTITIONS }, (): Array<[string, string]> => []);
  for (let i = 0; i < nProfiles; i += 1) {
    const p = syntheticProfile(i);
    const key = asPseudonym(`bench-${String(i).padStart(8, '0')}`);
    reevaluate(key, p, '2026-03-31', 'bench', now, stats);
    batch[i % DEFAULT_PARTITIONS]?.push([key, JSON.stringify(p)]);
    if (i % 30_000 === 29_999 || i === nProfiles - 1)
      for (const [partition, rows] of batch.entries()) {
        store.load(partition, rows);
        rows.length = 0;
      }
  }
  store.close();
  console.log(
    `profiles: ${nProfiles.toLocaleString('en')} written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

const registry = await startBenchRegistry(bootstrap.split(','), logger, stamp, catalog, keysDir);
// 1 April 2026: the revaluations of the book (RSA, prime d'activité, AAH) take effect, with a
// hypothetical free-CSS ceiling +1.8 % (the 2026 one is not sourced yet).
const clock = fixedClock('2026-04-01T06:00:00Z');
const eligibility = await startEligibility({
  brokers: bootstrap.split(','),
  logger,
  registryUrl: registry.url,
  keysDir,
  dataDir,
  host: '127.0.0.1',
  port: 0,
  clock,
  groupPrefix: `relais-bench-eligibility.${stamp}`,
  entitlementsTopic: `${topics.entitlements.name}.bench.${stamp}`,
  changelogTopic: `${topics.eligibilityProfiles.name}.bench.${stamp}`,
  deliveriesTopic: topics.deliveries.name(`bench.${stamp}`),
  consentsTopic: `${topics.consents.name}.bench.${stamp}`,
  partitions: DEFAULT_PARTITIONS,
  addedParameters: [
    {
      parameter: 'css.plafond_base',
      from: '2026-04-01',
      value: 1_052_500,
      source: 'bench: a hypothetical +1.8 % (no 2026 value is sourced yet)',
    },
  ],
});
if (global.gc) global.gc();
const before = process.memoryUsage();
const profiler = values['cpu-profile'] ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
const t0 = performance.now();
// The process's CPU time over the campaign (service threads, producer, SQLite; not the broker's):
// on shared cores it says what the campaign costs whatever the other tenants do.
const cpu0 = process.cpuUsage();
const started = eligibility.campaigns.start('2026-04-01', 'bench');
if (!started.ok) throw new Error(`campaign ${started.running.id} is already running`);
const { campaign } = started;
let lastPrint = 0;
while (campaign.status === 'running') {
  await new Promise((r) => setTimeout(r, 250));
  if (performance.now() - lastPrint > 5_000) {
    lastPrint = performance.now();
    console.log(
      `  … ${campaign.done.toLocaleString('en')} / ${campaign.total.toLocaleString('en')}`,
    );
  }
}
const seconds = (performance.now() - t0) / 1000;
const campaignCpu = process.cpuUsage(cpu0);
const cpuSeconds = (campaignCpu.user + campaignCpu.system) / 1e6;
if (profiler) {
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(values['cpu-profile'] as string, JSON.stringify(profile));
  profiler.disconnect();
}
if (global.gc) global.gc();
const after = process.memoryUsage();
console.log(
  `campaign: ${campaign.done.toLocaleString('en')} profiles in ${seconds.toFixed(1)} s → ${Math.round(campaign.done / seconds).toLocaleString('en')} profiles/s (${cpuSeconds.toFixed(1)} s CPU of this process); ${campaign.changed.toLocaleString('en')} determinations published (outcome changed); status ${campaign.status}`,
);
console.log(
  `memory: heap ${mib(before.heapUsed)} → ${mib(after.heapUsed)} MiB, RSS ${mib(before.rss)} → ${mib(after.rss)} MiB`,
);
await eligibility.close();
await registry.close();
rmSync(keysDir, { recursive: true, force: true });
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
