// A delivery of an event already applied (issue 13, hole 3): counted (GET /metrics `duplicates`)
// and logged at info with the event id — never dropped without a trace.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { asEventId, exampleMove } from '@relais/contracts';
import { asPseudonym } from '@relais/identity';
import { createLogger, fixedClock } from '@relais/kit';
import { ProfileStore } from '../src/adapters/profile-store.ts';
import { applyFacts, type Delivery } from '../src/consumers/apply-facts.ts';
import { newStats } from '../src/consumers/stats.ts';
import { captureLogs } from '@relais/testkit';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('counts and logs a delivery whose event was already applied', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'eligibility-dup-'));
  dirs.push(dataDir);
  const store = new ProfileStore({ dataDir, partitions: 1 });
  const logs = captureLogs();
  const logger = createLogger({
    service: 'eligibility-test',
    level: 'info',
    destination: logs.destination,
  });
  const stats = newStats();
  const moved: Delivery = {
    type: 'fr.gouv.residence.AddressChanged',
    id: asEventId('evt-move-1'),
    time: '2026-11-02T09:30:00Z',
    purpose: 'proactive-eligibility',
    consentId: undefined,
    pseudonym: asPseudonym('pseudo-relais-1'),
    value: { ...exampleMove(), effectiveDate: '2026-11-01', declaredAt: 1_793_611_800_000 },
  };
  await applyFacts({
    event: { partition: 0, deliveries: [moved, moved] },
    deps: {
      store,
      stats,
      clock: fixedClock('2026-11-02T10:00:00Z'),
      exclusive: (_p, fn) => fn(),
      commit: async () => undefined,
      purpose: 'proactive-eligibility',
      logger,
    },
  });
  store.close();
  expect(stats).toMatchObject({ eventsApplied: 1, duplicates: 1 });
  const logged = logs.records().filter((l) => l['msg'] === 'duplicate delivery skipped');
  expect(logged.map((l) => [l['level'], l['event']])).toEqual([['info', 'evt-move-1']]);
  expect(JSON.stringify(logged)).not.toContain('pseudo-relais-1');
});
