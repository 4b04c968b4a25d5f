// SIGTERM: the in-flight batch is finished, its offsets committed, and the process exits 0.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { committedOffset, createTopic, kafkaBrokers, uniqueName, waitFor } from '@relais/testkit';
import { kafkaFixture } from './support.ts';

let fx: Awaited<ReturnType<typeof kafkaFixture>>;
beforeAll(async () => {
  fx = await kafkaFixture();
});
afterAll(() => fx.close());

it('finishes the in-flight batch on SIGTERM, commits it and exits cleanly', async () => {
  const topic = await createTopic(fx.admin, 'shutdown');
  const groupId = uniqueName('group-shutdown');
  await fx.producer.send(
    topic,
    Array.from({ length: 40 }, (_, i) => ({ key: 'k', value: `v${i}` })),
  );
  const fixture = path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    'fixtures',
    'slow-consumer.ts',
  );
  const child = spawn(
    process.execPath,
    [fixture, kafkaBrokers().join(','), topic, groupId, uniqueName('relais.dlq.test')],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const handled: string[] = [];
  child.stdout.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) {
      if (line.startsWith('handled ')) handled.push(line.slice(8));
    }
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  await waitFor(() => handled.length >= 3, {
    timeoutMs: 30_000,
    what: 'the worker handling records',
  });
  child.kill('SIGTERM');
  const code = await exited;
  expect(code).toBe(0);
  // Finished beyond the record in flight at SIGTERM, and committed exactly what it handled.
  expect(handled.length).toBeGreaterThan(4);
  const committed = await committedOffset(fx.admin, groupId, topic);
  expect(Number(committed)).toBe(handled.length);
  expect(handled).toEqual(Array.from({ length: handled.length }, (_, i) => String(i)));
});
