// The proactive part of the demo: Camille, who moved, also had an income drop. Relais notices a
// likely complémentaire santé solidaire, explains why, and tells her in-app, by e-mail and by
// letter; she claims it, and the take-up funnel counts it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { citizenTokens } from '../lib/citizen-token.ts';
import { demoCitizens } from '../lib/demo-citizens.ts';
import { newTrace } from '../lib/trace-links.ts';
import { api, tokenFor } from './agency-edge.ts';

type Json = Record<string, unknown>;
const say = (line: string): void => console.log(`  ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ProactiveDeps {
  gatewayUrl: string;
  consentUrl: string;
  eligibilityUrl: string;
  notifierUrl: string;
  keysDir: string;
  mailDir: string;
  lettersDir: string;
  smtpPort: number;
  pseudonyms: Record<string, Record<string, string>>;
}

const CAMILLE_BORN = '1991-06-12';

export async function playProactive(deps: ProactiveDeps): Promise<void> {
  const names = Object.fromEntries(demoCitizens().map((c) => [c.handle, c.name]));
  const camille = deps.pseudonyms['camille'] ?? {};
  const citizen = (await citizenTokens(deps.keysDir, camille['portal'] ?? '')).notifier;

  console.log(`\n— ${names['camille']} chooses how Relais may write to her`);
  const prefs = await api(deps.notifierUrl, citizen, 'PUT', '/v1/me/notice-preferences', {
    channels: ['PORTAL', 'EMAIL', 'POSTAL_LETTER'],
    language: 'FR',
    email: 'camille.martin@example.org',
    postalAddress: {
      name: names['camille'] ?? 'Camille Martin',
      lines: ['12 rue de la République', '69003 Lyon'],
    },
  });
  say(`in-app, e-mail and letter, in French with an English version → ${prefs.status}`);

  console.log(
    `\n— The CAF confirms she lives alone; the DGFiP's new assessment shows her income dropped`,
  );
  const caf = await tokenFor(deps.gatewayUrl, deps.keysDir, 'caf');
  const dgfip = await tokenFor(deps.gatewayUrl, deps.keysDir, 'dgfip');
  await api(deps.gatewayUrl, caf, 'POST', '/v1/events/fr.gouv.family.HouseholdCompositionChanged', {
    subject: camille['family'],
    data: {
      effectiveDate: '2026-11-01',
      reason: 'OTHER',
      members: [{ role: 'APPLICANT', birthDate: CAMILLE_BORN, dependent: false }],
    },
  });
  const assessed = (taxYear: number, cents: number, headers: Record<string, string> = {}) =>
    api(
      deps.gatewayUrl,
      dgfip,
      'POST',
      '/v1/events/fr.gouv.tax.IncomeAssessed',
      {
        subject: camille['tax'],
        data: {
          taxYear,
          referenceTaxIncomeCents: cents,
          taxSharesQuarters: 4,
          members: [{ role: 'DECLARANT', birthDate: CAMILLE_BORN, sharedResidence: false }],
          assessmentDate: `${taxYear + 1}-08-01`,
        },
      },
      headers,
    );
  await assessed(2024, 2_140_000);
  say('IncomeAssessed 2024: 21 400 € (reference tax income)');
  await sleep(1500);
  // The DGFiP's system traces its calls: the fact, the router, eligibility and the notice that
  // follows are one trace in the tracing UI.
  const drop = newTrace();
  const dropped = await assessed(2025, 920_000, drop.headers);
  say(
    `IncomeAssessed 2025: 9 200 € — under the free CSS ceiling for one person (event ${String(dropped.body['id']).slice(0, 8)}…)${drop.note}`,
  );

  // Relais (proactive-eligibility, by her consent) → eligibility → notifier.
  let notice: Json | undefined;
  for (let i = 0; i < 160 && !notice; i += 1) {
    const list = (await api(deps.notifierUrl, citizen, 'GET', '/v1/me/notices')).body[
      'notices'
    ] as Json[];
    notice = list.find(
      (n) =>
        n['benefit'] === 'CSS' &&
        (n['deliveries'] as Json[]).every((d) => d['status'] !== 'PENDING'),
    );
    if (!notice) await sleep(250);
  }
  if (!notice) {
    say('no CSS notice yet: see the eligibility metrics and the notifier logs');
    return;
  }
  const metrics = (await api(deps.eligibilityUrl, '', 'GET', '/metrics')).body;
  say(
    `eligibility: ${String(metrics['profiles'])} profile(s) on disk, ${String(metrics['evaluations'])} rule evaluations; determinations published only when an outcome changes: ${JSON.stringify(metrics['determinations'])}`,
  );

  console.log(`\n— The notice in her space (GET ${deps.notifierUrl}/v1/me/notices/{id})`);
  const full = (
    await api(deps.notifierUrl, citizen, 'GET', `/v1/me/notices/${String(notice['noticeId'])}`)
  ).body;
  const text = String(full['text']);
  const french = text.split(/\n-{20,}\n/)[0] ?? text;
  for (const line of french
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, 24))
    say(`│ ${line}`);
  say('│ …(an English version follows in the same notice)');

  console.log('\n— Where it went');
  for (const d of full['deliveries'] as Json[]) {
    const where =
      d['channel'] === 'EMAIL'
        ? `camille.martin@example.org via the local SMTP server (127.0.0.1:${deps.smtpPort}), saved in ${path.relative(process.cwd(), deps.mailDir)}/`
        : d['channel'] === 'POSTAL_LETTER'
          ? `PDF letter ${path.relative(process.cwd(), path.join(deps.lettersDir, `${String(notice['noticeId'])}.pdf`))} (print queue)`
          : 'her Relais space (in-app, for the portal)';
    say(`${String(d['channel']).padEnd(14)} ${String(d['status']).padEnd(7)} ${where}`);
  }

  console.log('\n— She claims the CSS; the CPAM says so once, and the funnel counts it');
  const cpam = await tokenFor(deps.gatewayUrl, deps.keysDir, 'cpam');
  await api(deps.gatewayUrl, cpam, 'POST', '/v1/events/fr.gouv.benefits.BenefitClaimed', {
    subject: camille['health'],
    data: {
      claimId: `CSS-DEMO-${String(notice['noticeId']).slice(0, 8)}`,
      benefit: 'CSS',
      claimedOn: new Date().toISOString().slice(0, 10),
      channel: 'ONLINE',
    },
  });
  const operator = readFileSync(path.join(deps.keysDir, 'operator.token'), 'utf8').trim();
  let css: Json | undefined;
  for (let i = 0; i < 40; i += 1) {
    const f = (await api(deps.notifierUrl, operator, 'GET', '/v1/funnel')).body[
      'benefits'
    ] as Json[];
    css = f.find((b) => b['benefit'] === 'CSS');
    if (css && Number(css['claimed']) > 0) break;
    await sleep(250);
  }
  say(
    `CSS: notified ${String(css?.['notified'])} → opened ${String(css?.['opened'])} → claimed ${String(css?.['claimed'])} (GET ${deps.notifierUrl}/v1/funnel, operator token)`,
  );
}
