// npm run bench:proactive [-- --samples 100]
//
// Fact → notice latency, end to end on a real broker: the DGFiP publishes an IncomeAssessed
// (HTTP, 202 once Kafka acknowledged) that brings a consenting citizen under the CSS ceiling;
// the clock stops when the notifier holds the citizen's notice (gateway → router → eligibility →
// notifier, each a Kafka hop). One sample at a time: the latency of a quiet system.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exampleMove, loadCatalog, topics as declared } from '@relais/contracts';
import { startConsent } from '@relais/consent';
import { startEligibility } from '@relais/eligibility';
import { startGateway } from '@relais/gateway';
import { ensureDevKeys } from '@relais/gateway/keys';
import { derivePseudonym, newPivot, pseudonymKeyIn } from '@relais/identity';
import { createLogger, readSecret } from '@relais/kit';
import { toolKafka } from '../scripts/lib/kafka.ts';
import { startNotifier } from '@relais/notifier';
import { startRouter } from '@relais/router';
import { api, tokenFor } from '../scripts/demo/agency-edge.ts';
import { startBenchRegistry } from './lib/registry.ts';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '100' } } });
const samples = Number(values.samples);
const bootstrap = await toolKafka();
const brokers = bootstrap.split(',');
const logger = createLogger({ service: 'bench', level: process.env['LOG_LEVEL'] ?? 'warn' });
const s = Date.now().toString(36);
const catalog = loadCatalog().catalog;
const keysDir = mkdtempSync(path.join(tmpdir(), 'relais-bench-keys-'));
const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-bench-proactive-'));
await ensureDevKeys(
  keysDir,
  catalog.agencies.map((a) => a.id),
);
const secret = readSecret(keysDir, 'gateway-token.secret');
const topics = {
  pseudonyms: `${declared.pseudonyms.name}.bench.${s}`,
  consents: `${declared.consents.name}.bench.${s}`,
  accessLog: `${declared.accessLog.name}.bench.${s}`,
  routingDecisions: `${declared.routingDecisions.name}.bench.${s}`,
  entitlements: `${declared.entitlements.name}.bench.${s}`,
};
const registry = await startBenchRegistry(brokers, logger, s, catalog, keysDir);
const common = { brokers, logger, registryUrl: registry.url, keysDir, host: '127.0.0.1', port: 0 };
const gateway = await startGateway({
  ...common,
  dataDir: path.join(dataDir, 'gateway'),
  instance: 'bench',
  groupPrefix: `bench.${s}.gw`,
  pseudonymTopic: topics.pseudonyms,
});
const consent = await startConsent({
  ...common,
  dataDir: path.join(dataDir, 'consent'),
  devTokens: true,
  devTokenSecret: secret,
  instance: 'bench',
  pseudonymTopic: topics.pseudonyms,
  consentsTopic: topics.consents,
  accessLogTopic: topics.accessLog,
  groupPrefix: `bench.${s}.consent`,
});
const router = await startRouter({
  ...common,
  dataDir: path.join(dataDir, 'router'),
  instance: 'bench',
  groupPrefix: `bench.${s}.router`,
  consentsTopic: topics.consents,
  accessLogTopic: topics.accessLog,
  routingDecisionsTopic: topics.routingDecisions,
  fromBeginning: false,
});
const eligibility = await startEligibility({
  ...common,
  dataDir: path.join(dataDir, 'eligibility'),
  groupPrefix: `bench.${s}.eligibility`,
  consentsTopic: topics.consents,
  entitlementsTopic: topics.entitlements,
  changelogTopic: `${declared.eligibilityProfiles.name}.bench.${s}`,
  fromBeginning: false,
});
const notifier = await startNotifier({
  ...common,
  dataDir: path.join(dataDir, 'notifier'),
  devTokenSecret: secret,
  groupPrefix: `bench.${s}.notifier`,
  entitlementsTopic: topics.entitlements,
  noticesTopic: `${declared.notices.name}.bench.${s}`,
  preferencesTopic: `${declared.noticePreferences.name}.bench.${s}`,
  pseudonymTopic: topics.pseudonyms,
  consentsTopic: topics.consents,
  fromBeginning: false,
});
await new Promise((r) => setTimeout(r, 3000));

const key = pseudonymKeyIn(keysDir);
const tokens = Object.fromEntries(
  await Promise.all(
    ['mairie-lyon', 'caf', 'dgfip'].map(async (a) => [a, await tokenFor(gateway.url, keysDir, a)]),
  ),
) as Record<string, string>;
const born = '1990-05-14';
const latencies: number[] = [];
for (let i = 0; i < samples; i += 1) {
  const pivot = newPivot();
  const p = await gateway.directory.enrol(pivot, ['local', 'family', 'tax', 'relais', 'portal']);
  const citizen = (
    await api(consent.url, '', 'POST', '/v1/dev/citizen-token', { pseudonym: p['portal'] })
  ).body['access_token'] as string;
  await api(consent.url, citizen, 'POST', '/v1/me/consents', {
    purpose: 'proactive-eligibility',
    recipient: 'relais',
    categories: ['address', 'family', 'income'],
  });
  await api(
    gateway.url,
    tokens['mairie-lyon'] ?? '',
    'POST',
    '/v1/events/fr.gouv.residence.AddressChanged',
    {
      subject: p['local'],
      data: {
        ...exampleMove({ street: '1 place Bellecour', moveKind: 'ARRIVAL' }),
        effectiveDate: '2026-11-01',
        declaredAt: new Date().toISOString(),
      },
    },
  );
  await api(
    gateway.url,
    tokens['caf'] ?? '',
    'POST',
    '/v1/events/fr.gouv.family.HouseholdCompositionChanged',
    {
      subject: p['family'],
      data: {
        effectiveDate: '2026-11-01',
        reason: 'OTHER',
        members: [{ role: 'APPLICANT', birthDate: born, dependent: false }],
      },
    },
  );
  const relais = derivePseudonym(key, 'relais', pivot);
  // The address and household are known before the income arrives.
  while (!eligibility.store.find(relais)?.facts.household)
    await new Promise((r) => setTimeout(r, 5));
  const t0 = performance.now();
  const res = await api(
    gateway.url,
    tokens['dgfip'] ?? '',
    'POST',
    '/v1/events/fr.gouv.tax.IncomeAssessed',
    {
      subject: p['tax'],
      data: {
        taxYear: 2025,
        referenceTaxIncomeCents: 850_000,
        taxSharesQuarters: 4,
        members: [{ role: 'DECLARANT', birthDate: born, sharedResidence: false }],
        assessmentDate: '2026-08-01',
      },
    },
  );
  if (res.status !== 202) throw new Error(`publish: ${res.status}`);
  const deadline = performance.now() + 30_000;
  while (!notifier.store.noticesOf(relais).length) {
    if (performance.now() > deadline) throw new Error(`sample ${i}: no notice after 30 s`);
    await new Promise((r) => setTimeout(r, 1));
  }
  latencies.push(performance.now() - t0);
}
latencies.sort((a, b) => a - b);
const q = (x: number) =>
  (latencies[Math.min(latencies.length - 1, Math.floor(x * latencies.length))] ?? 0).toFixed(1);
console.log(
  `fact → notice (IncomeAssessed accepted → CSS notice held by the notifier), ${samples} samples: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms, max ${(latencies.at(-1) ?? 0).toFixed(1)} ms`,
);
await notifier.close();
await eligibility.close();
await router.close();
await consent.close();
await gateway.close();
await registry.close();
rmSync(keysDir, { recursive: true, force: true });
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
