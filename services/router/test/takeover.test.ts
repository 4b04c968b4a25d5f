// Two routers in one group on the real broker; one is killed (SIGKILL) after it produced the
// deliveries and access records of a batch and before it committed the batch's offsets. The other
// takes its partitions over (dec-048): every delivery is there, no (event, recipient) is in the
// access log twice, and every partition's chain verifies.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { testKafka, waitFor } from '@relais/testkit';
import { auditAccessLog } from '../src/adapters/audit.ts';
import { startRouter } from '../src/index.ts';
import { startWorld, testLogger, type World } from './support.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world?.close());

it(
  'a router killed between producing and committing: the other takes over, nothing lost, nothing recorded twice',
  { timeout: 180_000 },
  async () => {
    // B first: it creates the topics and the checkpoint key both share.
    const b = await startRouter({ ...world.options('b'), logger: testLogger('router-b') });
    onTestFinished(() => b.close());
    // The real catalog, loaded by the child itself (too large for its environment).
    const { catalog: _catalog, ...optionsA } = world.options('a');
    const child = spawn(
      process.execPath,
      [path.join(import.meta.dirname, 'fixtures', 'router-child.ts')],
      {
        env: {
          ...process.env,
          RELAIS_TEST_ROUTER: JSON.stringify(optionsA),
          RELAIS_TEST_FREEZE_AFTER: '4',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    onTestFinished(() => void child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out.includes('ready'), { what: 'router A, a process', timeoutMs: 60_000 });
    const admin = testKafka().admin();
    await admin.connect();
    onTestFinished(() => admin.disconnect());
    await waitFor(
      async () => {
        const [group] = (await admin.describeGroups([world.groupId])).groups;
        return group?.state === 'Stable' && group.members.length === 2;
      },
      { what: 'both routers sharing the partitions', timeoutMs: 30_000 },
    );

    // A trickle over the three partitions; A freezes after its first events, and is killed there.
    const ids: string[] = [];
    const publishing = (async () => {
      for (let round = 0; round < 12; round += 1) {
        ids.push(...(await world.publishMoves(5)));
        await sleep(100);
      }
    })();
    await waitFor(() => out.includes('frozen'), {
      what: 'router A between producing and committing',
      timeoutMs: 60_000,
    });
    child.kill('SIGKILL');
    await once(child, 'exit');
    await publishing;

    // B is given A's partitions once A's session expires; it routes everything left.
    const dgfip = world.topics.deliveries('dgfip');
    await waitFor(
      async () => {
        const got = new Set((await world.readAll(dgfip)).map((r) => r.headers['ce_id']));
        return ids.every((id) => got.has(id));
      },
      { what: 'every event delivered to DGFiP', timeoutMs: 90_000, intervalMs: 1_000 },
    );
    const events = world.topics.events;
    await waitFor(
      async () => {
        const ends = await admin.fetchTopicOffsets(events);
        const [committed] = await admin.fetchOffsets({ groupId: world.groupId, topics: [events] });
        return ends.every(
          (e) => committed?.partitions.find((p) => p.partition === e.partition)?.offset === e.high,
        );
      },
      { what: 'every event committed', timeoutMs: 60_000 },
    );

    const access = (await world.accessRecords()).map((r) => `${r.eventId}→${r.recipient}`);
    const delivered = new Set<string>();
    for (const agency of world.agencies)
      for (const r of await world.readAll(world.topics.deliveries(agency)))
        delivered.add(`${r.headers['ce_id']}→${agency}`);
    console.log(
      `takeover: ${out.trim().split('\n').at(-1)} by A; B skipped ${b.stats.duplicatesSkipped} deliveries done; ${access.length} access records`,
    );
    expect(new Set(access).size).toBe(access.length);
    expect([...delivered].sort()).toEqual([...access].sort());
    for (const id of ids) expect(delivered.has(`${id}→dgfip`)).toBe(true);
    // B did meet A's produced-but-uncommitted events, and knew them done.
    expect(b.stats.duplicatesSkipped).toBeGreaterThan(0);
    const audit = await auditAccessLog(testKafka(), world.serde, world.topics.accessLog);
    expect(audit.problems).toEqual([]);
    expect(audit.partitions.filter((p) => p.records > 0)).toHaveLength(3);
  },
);
