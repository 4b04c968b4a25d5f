// The notifier as N instances sharing the work by partitions (dec-047), on the real broker: two
// instances in one process (their own data dirs, the same consumer groups), determinations across
// the partitions, one instance killed mid-stream, the survivor takes over: every expected notice
// exists exactly once — in each instance's replica, on the changelog and on relais.notices —; an
// HTTP write on one instance is read on the other; a deleted data dir is rebuilt from the changelog.
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pseudonym } from '@relais/identity';
import { pseudonymKeyIn } from '@relais/identity';
import { uniqueName, waitFor } from '@relais/testkit';
import { beaconTokenOf } from '../src/domain/links.ts';
import { noticeIdOf, type RunningNotifier } from '../src/index.ts';
import {
  AT,
  citizens,
  determined,
  notifierWorld,
  type NotifierWorld,
} from './support/notifiers.ts';

const PERIODS = ['2026', '2027'];

/** Each citizen: a notice per period, and the 2026 determination once more (a replay). */
const determinationsOf = (people: Pseudonym[], tag: string) =>
  people.flatMap((pseudonym, i) => [
    ...PERIODS.map((period) => ({
      pseudonym,
      event: determined({ decisionId: `${tag}-${i}-${period}`, period }),
    })),
    { pseudonym, event: determined({ decisionId: `${tag}-${i}-again`, period: '2026' }) },
  ]);

/** Every notice of these citizens is in this replica, its in-app channel SENT. */
function allSent(n: RunningNotifier, people: Pseudonym[]): boolean {
  return people.every((p) => {
    const notices = n.store.noticesOf(p);
    return (
      notices.length === PERIODS.length &&
      notices.every((x) => n.store.deliveries(x.notice_id).every((d) => d.status === 'SENT'))
    );
  });
}

/** What an instance answers about these citizens (the replica's rows). */
const answers = (n: RunningNotifier, people: Pseudonym[]) =>
  people.map((p) =>
    n.store
      .noticesOf(p)
      .map((x) => ({ ...x, deliveries: n.store.deliveries(x.notice_id) }))
      .sort((x, y) => x.period.localeCompare(y.period)),
  );

describe('the notifier shares the work by partitions (dec-047)', () => {
  let world: NotifierWorld;
  beforeAll(async () => {
    world = await notifierWorld();
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const funnel = async (n: RunningNotifier) => {
    const r = await fetch(`${n.url}/v1/funnel`, {
      headers: { authorization: `Bearer ${world.operatorToken}` },
    });
    expect(r.status).toBe(200);
    return ((await r.json()) as { benefits: unknown[] }).benefits;
  };

  const fetchLetter = async (n: RunningNotifier, id: string) => {
    const r = await fetch(`${n.url}/v1/letters/${id}`, {
      headers: { authorization: `Bearer ${world.operatorToken}` },
    });
    expect(r.status).toBe(200);
    return Buffer.from(await r.arrayBuffer());
  };

  it('a survivor takes over a killed instance: every notice exactly once, everywhere', async () => {
    const a = await world.start('a');
    const b = await world.start('b');
    // The group gave each instance its partitions, each caught up.
    await waitFor(
      () =>
        [...a.store.ownedPartitions(), ...b.store.ownedPartitions()].sort().join() === '0,1,2' &&
        a.store.ownedPartitions().length > 0 &&
        b.store.ownedPartitions().length > 0,
      { timeoutMs: 60_000, what: 'the partitions shared by both instances' },
    );
    const people = citizens(60, 'k');
    const early = people.slice(0, 20);
    const late = people.slice(20);

    await world.determine(determinationsOf(early, 'early'));
    // Both instances decide (each owns partitions), and each replica holds every notice.
    await waitFor(() => allSent(a, early) && allSent(b, early), {
      timeoutMs: 60_000,
      what: 'the first notices in both replicas',
    });
    expect(a.stats.notices).toBeGreaterThan(0);
    expect(b.stats.notices).toBeGreaterThan(0);

    // A trickle; a killed mid-stream.
    const trickle = determinationsOf(late, 'late');
    let killedAfter = 0;
    for (let i = 0; i < trickle.length; i += 6) {
      await world.determine(trickle.slice(i, i + 6));
      if (i === 36) {
        killedAfter = i + 6;
        await world.crash(a);
      }
      await sleep(40);
    }
    expect(killedAfter).toBeGreaterThan(0);

    await waitFor(() => allSent(b, people), {
      timeoutMs: 90_000,
      what: "every notice sent, in the survivor's replica",
    });
    // The killed instance comes back on its data dir: its replica resumes and holds the same.
    const again = await world.start('a');
    await waitFor(() => allSent(again, people), {
      timeoutMs: 60_000,
      what: "every notice in the restarted instance's replica",
    });
    expect(answers(again, people)).toEqual(answers(b, people));

    const expected = people.flatMap((p) => PERIODS.map((period) => noticeIdOf(p, 'CSS', period)));
    // The changelog: one notice item per citizen × benefit × period, never two.
    const items = await world.readAll(world.topics.changelog);
    const noticeKeys = items.filter((r) => r.key.includes('/notice/')).map((r) => r.key);
    expect(noticeKeys).toHaveLength(expected.length);
    expect(new Set(noticeKeys).size).toBe(expected.length);
    // relais.notices: the in-app channel's final status, once per notice.
    const issued = (await world.readAll(world.topics.notices)).map((r) => r.headers['ce_id']);
    expect([...issued].sort()).toEqual(expected.map((id) => `${id}.PORTAL.SENT`).sort());

    // Any instance answers the same; a write on one (the e-mail beacon) is read on the other.
    expect(await funnel(again)).toEqual(await funnel(b));
    expect(await funnel(b)).toEqual([
      { benefit: 'CSS', notified: expected.length, opened: 0, claimed: 0, claimedWithoutNotice: 0 },
    ]);
    const opened = expected[7] as string;
    const token = beaconTokenOf(pseudonymKeyIn(world.keysDir))(opened);
    const gif = await fetch(`${b.url}/v1/notices/${opened}/opened.gif?t=${token}`);
    expect(gif.status).toBe(200);
    await waitFor(() => again.store.notice(opened as never)?.opened_at !== null, {
      what: 'the opening read on the other instance',
    });
    expect(await funnel(again)).toMatchObject([{ notified: expected.length, opened: 1 }]);

    await world.stop(again);
    await world.stop(b);
  }, 240_000);

  it('a deleted data directory is rebuilt from the changelog: same answers, nothing sent again', async () => {
    const c = await world.start('c');
    const people = citizens(12, 'r');
    // One of them asked for letters too: printed in c's data dir.
    const writer = people[0] as Pseudonym;
    await world.prefer(writer, {
      channels: ['PORTAL', 'POSTAL_LETTER'],
      language: 'FR',
      postalAddress: { name: 'Camille Martin', lines: ['12 rue des Lilas', '75020 Paris'] },
      updatedAt: AT,
    });
    await sleep(1_000);
    await world.determine(determinationsOf(people, 'rebuild'));
    await waitFor(() => allSent(c, people), { timeoutMs: 60_000, what: 'the notices sent' });
    const letterId = noticeIdOf(writer, 'CSS', '2026');
    expect(c.store.deliveries(letterId).map((d) => [d.channel, d.status])).toEqual([
      ['PORTAL', 'SENT'],
      ['POSTAL_LETTER', 'SENT'],
    ]);
    const letter = await fetchLetter(c, letterId);
    const before = answers(c, people);
    const funnelBefore = await funnel(c);
    const issuedBefore = (await world.readAll(world.topics.notices)).length;
    await world.stop(c);

    rmSync(world.dataDir('c'), { recursive: true, force: true });
    // In a new consumer group too: every determination on the topic is read again.
    const rebuilt = await world.start('c', { groupPrefix: uniqueName('relais-notifier-again') });
    expect(answers(rebuilt, people)).toEqual(before);
    expect(await funnel(rebuilt)).toEqual(funnelBefore);
    // The print queue went with the data dir: the letter is rendered again, the same bytes.
    expect(await fetchLetter(rebuilt, letterId)).toEqual(letter);
    const total = (await world.readAll(world.topics.entitlements)).length;
    await waitFor(() => rebuilt.stats.determinations >= total, {
      timeoutMs: 60_000,
      what: 'every determination read again',
    });
    expect(rebuilt.stats.notices).toBe(0);
    expect(rebuilt.stats.duplicates).toBe(total);
    await sleep(500);
    expect((await world.readAll(world.topics.notices)).length).toBe(issuedBefore);
    await world.stop(rebuilt);
  }, 180_000);
});
