// Storage on the compacted topic: a restart loses nothing, a second instance serves the same
// ids, and only the leader writes — the others forward.
import { afterAll, expect, it } from 'vitest';
import { waitFor } from '@relais/testkit';
import { call, record, registryFactory } from './support.ts';

const factory = registryFactory('durability');
afterAll(() => factory.closeAll());

it(
  'keeps every id across a restart, agrees across instances, and forwards writes to the leader',
  { timeout: 90_000 },
  async () => {
    const first = await factory.start();
    const ids: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await call(first, 'POST', `/subjects/s${i}/versions`, {
        schema: record(`R${i}`, [{ name: 'a', type: 'string' }]),
      });
      ids.push((res.body as { id: number }).id);
    }
    await call(first, 'PUT', '/config/s0', { compatibility: 'FULL' });
    await first.close();

    // Restart on the same topic: the same state.
    const restarted = await factory.start();
    for (let i = 0; i < 5; i += 1) {
      expect((await call(restarted, 'GET', `/subjects/s${i}/versions/latest`)).body).toMatchObject({
        id: ids[i],
        version: 1,
      });
    }
    expect((await call(restarted, 'GET', '/config/s0')).body).toEqual({
      compatibilityLevel: 'FULL',
    });

    // A second instance: same answers; it is not the leader, so its writes are forwarded.
    const second = await factory.start();
    expect(restarted.store.isLeader).toBe(true);
    expect(second.store.isLeader).toBe(false);
    expect((await call(second, 'GET', '/subjects')).body).toEqual(['s0', 's1', 's2', 's3', 's4']);
    const viaSecond = await call(second, 'POST', '/subjects/s5/versions', {
      schema: record('R5', [{ name: 'a', type: 'string' }]),
    });
    expect(viaSecond.status).toBe(200);
    expect(viaSecond.headers.get('x-relais-forwarded-to')).toBe(restarted.url);
    const newId = (viaSecond.body as { id: number }).id;
    expect(newId).toBe(Math.max(...ids) + 1);
    // Read-your-writes on the instance that forwarded, and the leader agrees.
    expect((await call(second, 'GET', '/subjects/s5/versions/1')).body).toMatchObject({
      id: newId,
    });
    expect((await call(restarted, 'GET', `/schemas/ids/${newId}`)).status).toBe(200);

    // An instance that may never lead (REGISTRY_LEADER_ELIGIBLE=false) forwards too.
    const reader = await factory.start({ leaderEligible: false });
    const viaReader = await call(reader, 'PUT', '/config/s1', { compatibility: 'NONE' });
    expect(viaReader.body).toEqual({ compatibility: 'NONE' });
    await waitFor(
      async () =>
        ((await call(second, 'GET', '/config/s1')).body as { compatibilityLevel?: string })
          .compatibilityLevel === 'NONE',
      {
        what: 'the config change to reach the second instance',
      },
    );

    // The leader stops: another instance takes the lead and ids go on, never reused.
    await restarted.close();
    await waitFor(() => second.store.isLeader, {
      timeoutMs: 30_000,
      what: 'the second instance to take the lead',
    });
    const afterFailover = await call(second, 'POST', '/subjects/s6/versions', {
      schema: record('R6', [{ name: 'a', type: 'string' }]),
    });
    expect(afterFailover.body).toEqual({ id: newId + 1 });
    const forwarded = await call(reader, 'PUT', '/config/s2', { compatibility: 'FULL' });
    expect(forwarded.headers.get('x-relais-forwarded-to')).toBe(second.url);
  },
);
