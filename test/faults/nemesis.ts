// The nemesis: a schedule drawn from a seeded PRNG — the leader of a chosen partition of a key
// topic killed (SIGKILL) five times, started again after a pause, and each Relais service killed
// (SIGKILL) once at a random moment and started again — then played against the running campaign.
// What happened (when, what, which target, how long until it answered again) is its log.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { killNode, restartNode, type ClusterOptions } from '@relais/local-kafka';
import type { ServiceProcess } from './services.ts';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export class Random {
  readonly seed: number;
  private state: number;
  constructor(seed: number) {
    this.seed = seed;
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from nothing');
    return item;
  }
}

export interface PlannedFault {
  /** Milliseconds after the load started. */
  at: number;
  kind: 'kill-leader' | 'kill-service';
  /** `topic/partition` for a leader, the service's name otherwise. */
  target: string;
  /** How long the victim stays down before it is started again. */
  downMs: number;
}

export interface FaultRecord extends PlannedFault {
  /** When it actually happened (ms after the load started): a leader kill waits for a whole ISR. */
  startedAt: number;
  /** The node killed, for a leader kill. */
  node?: number;
  /** Kill → a new leader for the partition (leader kills). */
  failoverMs?: number;
  /** Kill → the victim answers again (broker serving, or the service's /readyz 200). */
  recoveryMs?: number;
  error?: string;
}

export const SERVICES = ['router', 'eligibility', 'notifier', 'gateway', 'consent'] as const;

/** The schedule for a load of `durationMs`: faults between 10 % and 85 % of it. */
export function planFaults(
  random: Random,
  durationMs: number,
  topics: readonly string[],
  partitions: number,
  leaderKills = 5,
  /** Who the nemesis kills, once each: the services, or one instance of each when scaled. */
  victims: readonly string[] = SERVICES,
): PlannedFault[] {
  const faults: PlannedFault[] = [];
  const from = durationMs * 0.1;
  const slot = (durationMs * 0.75) / leaderKills;
  for (let i = 0; i < leaderKills; i += 1) {
    faults.push({
      at: Math.round(from + i * slot + random.next() * slot * 0.3),
      kind: 'kill-leader',
      target: `${random.pick(topics)}/${random.int(partitions)}`,
      downMs: 3_000 + random.int(7_000),
    });
  }
  for (const service of victims) {
    faults.push({
      at: Math.round(from + random.next() * durationMs * 0.75),
      kind: 'kill-service',
      target: service,
      downMs: 1_000 + random.int(5_000),
    });
  }
  return faults.sort((a, b) => a.at - b.at);
}

export interface NemesisDeps {
  kafka: Kafka;
  cluster: ClusterOptions;
  services: Record<string, ServiceProcess>;
  log: (line: string) => void;
}

async function leaderOf(kafka: Kafka, topic: string, partition: number): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    return meta.topics[0]?.partitions.find((p) => p.partitionId === partition)?.leader ?? -1;
  } finally {
    await admin.disconnect();
  }
}

/** Waits until every partition of `topics` has all its replicas in sync (the cluster healed). */
export async function waitInSync(
  kafka: Kafka,
  topics: string[],
  timeoutMs = 120_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const admin = kafka.admin();
    const healed = await admin
      .connect()
      .then(() => admin.fetchTopicMetadata({ topics }))
      .then((meta) =>
        meta.topics.every((t) => t.partitions.every((p) => p.isr.length === p.replicas.length)),
      )
      .catch(() => false)
      .finally(() => admin.disconnect());
    if (healed) return;
    if (Date.now() > until) throw new Error('the cluster did not heal (ISR) in time');
    await sleep(1_000);
  }
}

async function killLeader(deps: NemesisDeps, f: PlannedFault, r: FaultRecord): Promise<void> {
  const [topic = '', partition = '0'] = f.target.split('/');
  await waitInSync(deps.kafka, [topic]);
  r.startedAt = Date.now();
  const node = await leaderOf(deps.kafka, topic, Number(partition));
  if (node < 0) throw new Error(`no leader for ${f.target}`);
  r.node = node;
  killNode(deps.cluster.home, node);
  for (;;) {
    const now = await leaderOf(deps.kafka, topic, Number(partition)).catch(() => -1);
    if (now >= 0 && now !== node) break;
    if (Date.now() - r.startedAt > 60_000) break;
    await sleep(200);
  }
  r.failoverMs = Date.now() - r.startedAt;
  await sleep(Math.max(0, f.downMs - r.failoverMs));
  await restartNode(deps.cluster, node);
  r.recoveryMs = Date.now() - r.startedAt;
}

async function killService(deps: NemesisDeps, f: PlannedFault, r: FaultRecord): Promise<void> {
  const service = deps.services[f.target];
  if (!service) throw new Error(`no service ${f.target}`);
  r.startedAt = Date.now();
  await service.kill();
  await sleep(f.downMs);
  await service.start();
  r.recoveryMs = Date.now() - r.startedAt;
}

/**
 * Plays the schedule from `t0`: leader kills one after the other (each waits for the cluster to
 * heal from the previous one), service kills on their own timeline. Answers what happened.
 */
export async function playFaults(
  deps: NemesisDeps,
  faults: PlannedFault[],
  t0: number,
): Promise<FaultRecord[]> {
  const records: FaultRecord[] = [];
  const play = async (list: PlannedFault[], run: typeof killLeader): Promise<void> => {
    for (const f of list) {
      await sleep(Math.max(0, t0 + f.at - Date.now()));
      const r: FaultRecord = { ...f, startedAt: Date.now() };
      records.push(r);
      try {
        await run(deps, f, r);
      } catch (err) {
        r.error = err instanceof Error ? err.message : String(err);
      }
      r.startedAt -= t0;
      deps.log(describe(r));
    }
  };
  await Promise.all([
    play(
      faults.filter((f) => f.kind === 'kill-leader'),
      killLeader,
    ),
    play(
      faults.filter((f) => f.kind === 'kill-service'),
      killService,
    ),
  ]);
  return records.sort((a, b) => a.startedAt - b.startedAt);
}

const secs = (ms: number | undefined): string =>
  ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`;

export function describe(r: FaultRecord): string {
  const what =
    r.kind === 'kill-leader'
      ? `kill -9 leader of ${r.target} (node ${r.node ?? '?'}), down ${secs(r.downMs)}, new leader after ${secs(r.failoverMs)}`
      : `kill -9 ${r.target}, down ${secs(r.downMs)}`;
  return `t+${secs(r.startedAt).padStart(7)}  ${what}, serving again after ${secs(r.recoveryMs)}${r.error ? `  ERROR ${r.error}` : ''}`;
}
