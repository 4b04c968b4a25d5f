// No personal identifier in any log line (issue 13): the demo `npm start` plays — the agency edge,
// tell us once, the proactive notice, the citizen's visit to the portal, a France Services agent
// acting for Lucienne at the counter, an operator at the console — played in this process against every service of Relais, each logging at debug into
// one capture; then every line is searched for what identifies the demo's citizens: their pivots,
// their pseudonyms in every sector, NIR-shaped numbers, e-mail addresses, their names, birth dates
// and the postal address the demo gives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { newPivot, type Pivot } from '@relais/identity';
import { loadCitizens } from '@relais/idp';
import { captureLogs } from '@relais/testkit';
import { playAgencyEdgeDemo } from '../../scripts/demo/agency-edge.ts';
import { playCounter } from '../../scripts/demo/counter.ts';
import { playPortal } from '../../scripts/demo/portal.ts';
import { playProactive } from '../../scripts/demo/proactive.ts';
import { playTellUsOnce } from '../../scripts/demo/tell-us-once.ts';
import { demoCitizens } from '../../scripts/lib/demo-citizens.ts';
import { findIdentifiers, identifiersOf } from './identifiers.ts';
import { startCounterBeside, type CounterBeside } from './counter-world.ts';
import { signIn } from './matrix/principals.ts';
import { startWorld, type World } from './world.ts';

const logs = captureLogs();
let world: World;
let mailDir: string;
let beside: CounterBeside;

beforeAll(async () => {
  mailDir = mkdtempSync(path.join(tmpdir(), 'relais-demo-mail-'));
  // The catalog's own agency ids: the demo's scripts name them (`caf`, `mairie-lyon`, …).
  world = await startWorld({
    agencyIds: 'catalog',
    logs: { destination: logs.destination, level: 'debug' },
  });
  beside = await startCounterBeside(world);
}, 240_000);

afterAll(async () => {
  await beside?.close();
  await world?.close();
  rmSync(mailDir, { recursive: true, force: true });
});

it('finds each kind of identifier it searches for', () => {
  const camille = loadCitizens().find((c) => c.handle === 'camille')!;
  const needles = identifiersOf([
    { ...camille, pivot: 'pivot-a1b2c3', pseudonyms: { tax: 'ps_tax-9f8e7d' } },
  ]);
  const lines = [
    '{"msg":"routed","n":1764318000000}',
    '{"subject":"pivot-a1b2c3"}',
    '{"key":"ps_tax-9f8e7d"}',
    '{"nir":"2 91 03 69 123 456 78"}',
    '{"to":"someone@example.org"}',
    '{"who":"Camille Anne MARTIN"}', // her given names, her family name
    '{"born":"1991-03-12"}',
  ];
  expect(findIdentifiers(lines, needles).map((h) => h.split(' (')[0])).toEqual([
    'line 1',
    'line 2',
    'line 3',
    'line 4',
    'line 5',
    'line 5',
    'line 6',
  ]);
});

it('plays the demo, and not one log line holds a personal identifier', async () => {
  const started = Date.now();
  const r = world.relais;
  const citizens = loadCitizens();
  // Every demo citizen, those the provider does not list (no digital identity) included.
  const pivots: Record<string, Pivot> = Object.fromEntries(
    demoCitizens().map((c) => [c.handle, newPivot()]),
  );
  // The demo narrates with names on stdout (what `npm start` prints): not a log line.
  const narration = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  let pseudonyms: Record<string, Record<string, string>> = {};
  try {
    pseudonyms = await playAgencyEdgeDemo({
      brokers: r.brokers,
      registryUrl: r.registry.url,
      gateway: r.gateway,
      keysDir: r.keysDir,
      logger: r.loggerOf('demo'),
      links: world.links,
      pivots,
    });
    await playTellUsOnce({
      brokers: r.brokers,
      registryUrl: r.registry.url,
      gatewayUrl: r.gateway.url,
      consentUrl: r.consent.url,
      routerUrl: r.router.service.url,
      keysDir: r.keysDir,
      logger: r.loggerOf('demo'),
      pseudonyms,
      accessLogTopic: r.topics.accessLog,
    });
    await playProactive({
      gatewayUrl: r.gateway.url,
      consentUrl: r.consent.url,
      eligibilityUrl: r.eligibility.service.url,
      notifierUrl: r.notifier.service.url,
      keysDir: r.keysDir,
      mailDir,
      lettersDir: r.notifier.service.lettersDir,
      smtpPort: r.notifier.mail.port,
      pseudonyms,
    });
    await playPortal({ portalUrl: world.portal.url, idpUrl: world.idp.url });
    const counter = await playCounter({
      counterUrl: beside.counter.url,
      idpUrl: beside.idp.url,
      gatewayUrl: r.gateway.url,
      keysDir: r.keysDir,
      pseudonyms,
      outDir: path.join(mailDir, 'demo'),
    });
    expect(counter).toMatchObject({ mandate: true, consent: true });
    expect(counter.letter).toBeDefined();
    // An operator at the console: her sign-in, the flows, one flow, the audit.
    const cookie = await signIn(world.console.url, 'claire-dubois');
    for (const p of ['/flows', '/api/v1/flows', '/api/v1/audit', '/dead-letters', '/journal'])
      await fetch(`${world.console.url}${p}`, { headers: { cookie } }).then((res) => res.text());
  } finally {
    narration.mockRestore();
  }
  const played = Date.now() - started;

  const needles = identifiersOf(
    citizens.map((c) => ({
      ...c,
      pivot: pivots[c.handle]!,
      pseudonyms: pseudonyms[c.handle] ?? {},
    })),
  );
  const hits = findIdentifiers(logs.lines, needles);
  const services = new Map<string, number>();
  for (const record of logs.records()) {
    const service = String(record['service'] ?? '?');
    services.set(service, (services.get(service) ?? 0) + 1);
  }
  console.log(
    `demo played in ${played} ms; ${logs.lines.length} log lines scanned (${[...services]
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}) for ${needles.length} identifiers and patterns: ${hits.length} hit(s)`,
  );
  expect(Object.keys(pseudonyms).length).toBeGreaterThan(0);
  expect(hits, hits.join('\n')).toEqual([]);
}, 300_000);
