// `bench:router -- --instances 1,2,3`: for each count N, N router processes (router-process.ts)
// join one consumer group on a fresh events topic of the deployment's partitions; once the group
// has settled, the backlog is written and the rate is timed from its first delivery to its last,
// read from the deliveries topics' end offsets. Each N has its own topics (`….bench.xN.<stamp>`).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { topics as declared } from '@relais/contracts';

export interface ScalingFigure {
  instances: number;
  eventsPerSecond: number;
}

export interface ProcessBase {
  brokers: string[];
  registryUrl: string;
  keysDir: string;
  dataDir: string;
  stamp: string;
  consentsTopic: string;
}

function startProcess(options: Record<string, unknown>): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--disable-warning=TimeoutNegativeWarning',
      path.join(import.meta.dirname, 'router-process.ts'),
    ],
    {
      env: { ...process.env, ROUTER_BENCH_OPTIONS: JSON.stringify(options) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`a bench router exited (${code})`)));
  });
}

async function delivered(kafka: Kafka, names: string[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let sum = 0;
    for (const topic of names) {
      const ends = await admin.fetchTopicOffsets(topic).catch(() => []);
      for (const p of ends) sum += Number(p.high);
    }
    return sum;
  } finally {
    await admin.disconnect();
  }
}

export async function drainByProcesses(
  counts: number[],
  base: ProcessBase,
  backlog: (topicSuffix: string) => Promise<void>,
  kafka: Kafka,
  expectedDeliveries: number,
): Promise<ScalingFigure[]> {
  const figures: ScalingFigure[] = [];
  for (const n of counts) {
    const tag = `.bench.x${n}.${base.stamp}`;
    const children: ChildProcess[] = [];
    for (let i = 1; i <= n; i += 1)
      children.push(
        await startProcess({
          brokers: base.brokers,
          registryUrl: base.registryUrl,
          keysDir: base.keysDir,
          dataDir: path.join(base.dataDir, `x${n}-${i}`),
          instance: `bench-x${n}-${i}`,
          host: '127.0.0.1',
          port: 0,
          groupPrefix: `relais-router${tag}`,
          consentsTopic: base.consentsTopic,
          accessLogTopic: `${declared.accessLog.name}${tag}`,
          routingDecisionsTopic: `${declared.routingDecisions.name}${tag}`,
          checkpointsTopic: `${declared.accessLogCheckpoints.name}${tag}`,
          topicSuffix: tag,
          fromBeginning: true,
        }),
      );
    // The group settles (every member joined and was assigned) before the backlog arrives.
    await sleep(6_000);
    const deliveries = ['caf', 'cpam', 'dgfip'].map((a) => `${declared.deliveries.name(a)}${tag}`);
    const deadline = Date.now() + 300_000;
    // Timed while the backlog is written: routing starts with its first records.
    const timing = (async (): Promise<{ first: number; last: number }> => {
      let first: number | undefined;
      for (;;) {
        const done = await delivered(kafka, deliveries);
        if (done > 0 && first === undefined) first = performance.now();
        if (done >= expectedDeliveries || Date.now() > deadline) {
          const last = performance.now();
          return { first: first ?? last, last };
        }
        await sleep(20);
      }
    })();
    await backlog(tag);
    const { first, last } = await timing;
    const seconds = (last - first) / 1000;
    figures.push({
      instances: n,
      eventsPerSecond: expectedDeliveries / 3 / Math.max(seconds, 1e-3),
    });
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => c.once('exit', r))));
  }
  return figures;
}
