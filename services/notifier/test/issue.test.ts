// Whether a determination becomes a notice, without Kafka: the pure decision (domain/issue.ts),
// the channels a notice takes, what preferences lack, and the use case on a real store (SQLite in
// a temporary directory) with the decision's counters.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asConsentId, type NoticeId } from '@relais/contracts';
import { asPseudonym } from '@relais/identity';
import { createLogger, fixedClock } from '@relais/kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotifierStore } from '../src/adapters/store.ts';
import { noticeFromDetermination, type DeterminationDeps } from '../src/consumers/determination.ts';
import { newStats } from '../src/consumers/stats.ts';
import type { EntitlementEvent } from '../src/domain/entitlement.ts';
import { decideNotice, noticeIdOf, type CitizenRecord } from '../src/domain/issue.ts';
import {
  channelsFor,
  defaultPreferences,
  preferencesProblems,
  type Preferences,
} from '../src/domain/preferences.ts';
import { captureLogs } from '@relais/testkit';
import { AT, determined } from './support/fixtures.ts';

const camille = asPseudonym('pseudo-camille');
/** A citizen the notifier knows nothing about, with what a test changes; reads are counted. */
function record(over: Partial<{ notices: string[]; withdrawn: boolean; claimed: string[] }> = {}) {
  const reads: string[] = [];
  const prefs: Preferences = defaultPreferences(AT);
  const citizen: CitizenRecord & { prefs: Preferences } = {
    prefs,
    hasNotice: (benefit, period) => {
      reads.push('notice');
      return (over.notices ?? []).includes(`${benefit}/${period}`);
    },
    isWithdrawn: () => {
      reads.push('withdrawn');
      return over.withdrawn ?? false;
    },
    hasClaimed: (benefit) => {
      reads.push('claimed');
      return (over.claimed ?? []).includes(benefit);
    },
    preferences: () => {
      reads.push('preferences');
      return citizen.prefs;
    },
  };
  return { citizen, reads };
}

describe('decideNotice', () => {
  it('issues a notice for a LIKELY_ELIGIBLE determination, identified by citizen, benefit and period', () => {
    const { citizen } = record();
    const d = decideNotice({ pseudonym: camille, event: determined() }, citizen);
    expect(d).toMatchObject({
      issue: true,
      noticeId: noticeIdOf(camille, 'CSS', '2026'),
      entitlement: { benefit: 'CSS', variant: 'free', period: '2026', decisionId: 'dec-1' },
      preferences: { channels: ['PORTAL'], language: 'FR' },
    });
    if (d.issue)
      expect(d.noticeId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
      );
  });

  it.each(['NOT_ELIGIBLE', 'INSUFFICIENT_DATA', 'UNKNOWN'])(
    'gives no notice for %s, reading nothing of the citizen',
    (outcome) => {
      const { citizen, reads } = record();
      expect(decideNotice({ pseudonym: camille, event: determined({ outcome }) }, citizen)).toEqual(
        { issue: false, code: 'not-likely-eligible' },
      );
      expect(reads).toEqual([]);
    },
  );

  it.each(['APL', 'ALLOCATIONS_FAMILIALES', 'OTHER'])(
    'gives no notice for a benefit it cannot write about (%s)',
    (benefit) => {
      const { citizen, reads } = record();
      expect(decideNotice({ pseudonym: camille, event: determined({ benefit }) }, citizen)).toEqual(
        { issue: false, code: 'unknown-benefit' },
      );
      expect(reads).toEqual([]);
    },
  );

  it('gives one notice per citizen × benefit × period', () => {
    const notices: string[] = [];
    const ids = new Set<NoticeId>();
    const run = (pseudonym: string, over: Partial<EntitlementEvent>) => {
      const d = decideNotice(
        { pseudonym: asPseudonym(pseudonym), event: determined(over) },
        record({ notices }).citizen,
      );
      if (d.issue) {
        notices.push(`${d.entitlement.benefit}/${d.entitlement.period}`);
        ids.add(d.noticeId);
      }
      return d.issue ? 'notice' : d.code;
    };
    expect(run('pseudo-camille', {})).toBe('notice');
    // The same determination replayed, or another decision for the same period: no second notice.
    expect(run('pseudo-camille', {})).toBe('already-notified');
    expect(run('pseudo-camille', { decisionId: 'dec-2', variant: 'with-contribution' })).toBe(
      'already-notified',
    );
    // Another period, another benefit: a notice each.
    expect(run('pseudo-camille', { decisionId: 'dec-3', period: '2027' })).toBe('notice');
    expect(
      run('pseudo-camille', { decisionId: 'dec-4', benefit: 'ARS', period: '2026-2027' }),
    ).toBe('notice');
    expect(ids.size).toBe(3);
    // The same benefit and period for another citizen has its own id.
    expect(noticeIdOf(asPseudonym('pseudo-yanis'), 'CSS', '2026')).not.toBe(
      noticeIdOf(camille, 'CSS', '2026'),
    );
  });

  it('takes the year of the determination as the period when none is given', () => {
    const d = decideNotice(
      { pseudonym: camille, event: determined({ period: '' }) },
      record().citizen,
    );
    expect(d).toMatchObject({ issue: true, entitlement: { period: '2026' } });
    if (d.issue) expect(d.noticeId).toBe(noticeIdOf(camille, 'CSS', '2026'));
  });

  it('gives none after the consent was withdrawn', () => {
    const { citizen } = record({ withdrawn: true });
    expect(decideNotice({ pseudonym: camille, event: determined() }, citizen)).toEqual({
      issue: false,
      code: 'withdrawn',
    });
  });

  it('gives none for a benefit already claimed, whatever the period', () => {
    const { citizen } = record({ claimed: ['CSS'] });
    expect(decideNotice({ pseudonym: camille, event: determined() }, citizen)).toEqual({
      issue: false,
      code: 'already-claimed',
    });
    expect(
      decideNotice({ pseudonym: camille, event: determined({ benefit: 'ARS' }) }, citizen).issue,
    ).toBe(true);
  });

  it('gives none while the citizen paused notices', () => {
    const { citizen } = record();
    citizen.prefs = { ...citizen.prefs, paused: true };
    expect(decideNotice({ pseudonym: camille, event: determined() }, citizen)).toEqual({
      issue: false,
      code: 'paused',
    });
  });

  it('says why in a fixed order, reading no more than it needs', () => {
    const all = record({ notices: ['CSS/2026'], withdrawn: true, claimed: ['CSS'] });
    expect(decideNotice({ pseudonym: camille, event: determined() }, all.citizen)).toMatchObject({
      code: 'already-notified',
    });
    expect(all.reads).toEqual(['notice']);
    const withdrawn = record({ withdrawn: true, claimed: ['CSS'] });
    expect(
      decideNotice({ pseudonym: camille, event: determined() }, withdrawn.citizen),
    ).toMatchObject({ code: 'withdrawn' });
    expect(withdrawn.reads).toEqual(['notice', 'withdrawn']);
    const fresh = record();
    decideNotice({ pseudonym: camille, event: determined() }, fresh.citizen);
    expect(fresh.reads).toEqual(['notice', 'withdrawn', 'claimed', 'preferences']);
  });
});

describe('channelsFor', () => {
  const prefs = (over: Partial<Preferences>): Preferences => ({
    ...defaultPreferences(AT),
    ...over,
  });
  const address = { name: 'Camille Martin', lines: ['12 rue de la République', '69002 LYON'] };

  it('takes the channels chosen that can be used', () => {
    expect(
      channelsFor(
        prefs({
          channels: ['EMAIL', 'POSTAL_LETTER', 'PORTAL'],
          email: 'c@example.fr',
          postalAddress: address,
        }),
        true,
      ),
    ).toEqual(['EMAIL', 'POSTAL_LETTER', 'PORTAL']);
  });

  it('drops e-mail without a mail server or an address, a letter without an address', () => {
    expect(channelsFor(prefs({ channels: ['EMAIL'], email: 'c@example.fr' }), false)).toEqual([
      'PORTAL',
    ]);
    expect(channelsFor(prefs({ channels: ['EMAIL', 'POSTAL_LETTER'] }), true)).toEqual(['PORTAL']);
    expect(
      channelsFor(
        prefs({ channels: ['POSTAL_LETTER'], postalAddress: { name: 'C', lines: [] } }),
        true,
      ),
    ).toEqual(['PORTAL']);
  });
});

describe('preferencesProblems', () => {
  it('names what the chosen channels need and the preferences lack', () => {
    expect(preferencesProblems({ channels: ['PORTAL'] })).toEqual([]);
    expect(preferencesProblems({ channels: ['EMAIL', 'POSTAL_LETTER'] })).toEqual([
      'email-missing',
      'postal-address-missing',
    ]);
    expect(preferencesProblems({ channels: ['EMAIL'], email: 'c@example.fr' })).toEqual([]);
  });
});

describe('noticeFromDetermination (on a real store, no Kafka)', () => {
  let dir: string;
  let store: NotifierStore;
  let woken: number;
  let deps: DeterminationDeps;
  const preferences = new Map<string, Preferences>();

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'notifier-issue-'));
    store = new NotifierStore(dir);
    woken = 0;
    preferences.clear();
    deps = {
      store,
      preferences: { get: (p) => preferences.get(p) },
      stats: newStats(),
      clock: fixedClock(AT),
      logger: createLogger({ service: 'notifier-test', level: 'silent' }),
      links: (id) => ({
        preferencesUrl: 'https://relais.test/preferences',
        openUrl: `https://relais.test/${id}`,
      }),
      emailAvailable: false,
      send: () => {
        woken += 1;
      },
    };
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const receive = (over: Partial<EntitlementEvent> = {}, pseudonym = camille) =>
    noticeFromDetermination({
      event: { pseudonym, event: determined(over), consentId: asConsentId('consent-1') },
      deps,
    });

  it('records one notice with a PENDING delivery per channel and wakes the sender', async () => {
    const d = await receive();
    expect(d.issue).toBe(true);
    const id = noticeIdOf(camille, 'CSS', '2026');
    const row = store.notice(id);
    expect(row).toMatchObject({
      pseudonym: camille,
      benefit: 'CSS',
      period: '2026',
      language: 'FR',
    });
    expect(row?.subject).toContain('Complémentaire santé solidaire');
    expect(JSON.parse(row!.entitlement)).toMatchObject({ consentId: 'consent-1' });
    expect(store.deliveries(id).map((x) => [x.channel, x.status])).toEqual([['PORTAL', 'PENDING']]);
    expect(woken).toBe(1);
    expect(deps.stats).toMatchObject({ determinations: 1, notices: 1, duplicates: 0 });
  });

  it('counts a replay as a duplicate, says so at info, and records nothing more', async () => {
    const logs = captureLogs();
    deps.logger = createLogger({
      service: 'notifier-test',
      level: 'info',
      destination: logs.destination,
    });
    await receive();
    expect(await receive()).toEqual({ issue: false, code: 'already-notified' });
    expect(await receive({ decisionId: 'dec-9' })).toEqual({
      issue: false,
      code: 'already-notified',
    });
    expect(store.noticesOf(camille)).toHaveLength(1);
    expect(woken).toBe(1);
    expect(deps.stats).toMatchObject({ determinations: 3, notices: 1, duplicates: 2 });
    // The determination's id only: never the pseudonym.
    const logged = logs.records().filter((l) => l['msg'] === 'duplicate determination skipped');
    expect(logged.map((l) => [l['level'], l['event']])).toEqual([
      ['info', 'dec-1'],
      ['info', 'dec-9'],
    ]);
    expect(JSON.stringify(logged)).not.toContain('pseudo-camille');
  });

  it('counts each reason for no notice', async () => {
    await receive({ outcome: 'NOT_ELIGIBLE' });
    const yanis = asPseudonym('pseudo-yanis');
    store.setWithdrawn(yanis, AT);
    await receive({}, yanis);
    const lea = asPseudonym('pseudo-lea');
    store.recordClaim(lea, 'CSS', '2026-11-01', AT);
    await receive({}, lea);
    const paul = asPseudonym('pseudo-paul');
    preferences.set(paul, { ...defaultPreferences(AT), paused: true });
    await receive({}, paul);
    expect(deps.stats).toMatchObject({
      determinations: 4,
      notices: 0,
      duplicates: 0,
      withdrawn: 1,
      alreadyClaimed: 1,
      paused: 1,
    });
    expect(store.funnel().reduce((n, b) => n + b.notified, 0)).toBe(0);
    expect(woken).toBe(0);
  });

  it('writes in the language the citizen chose, on the channels that can be used', async () => {
    preferences.set(camille, {
      ...defaultPreferences(AT),
      channels: ['EMAIL', 'PORTAL'],
      email: 'c@example.fr',
      language: 'EN',
    });
    await receive();
    const id = noticeIdOf(camille, 'CSS', '2026');
    expect(store.notice(id)?.language).toBe('EN');
    // No mail server here: in-app only.
    expect(store.deliveries(id).map((x) => x.channel)).toEqual(['PORTAL']);
  });
});
