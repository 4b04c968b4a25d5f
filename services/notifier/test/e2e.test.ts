// From a fact to a notice, on the real broker: gateway → router → eligibility → notifier, with the
// e-mail caught by a local SMTP server process and the letter read back with pdf.js.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { cssCeilings } from '@relais/eligibility/domain';
import {
  createKafka,
  createProducer,
  envelopeToHeaders,
  startTelemetry,
  type Telemetry,
} from '@relais/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, waitFor } from '@relais/testkit';
import {
  clock,
  consentToEligibility,
  household,
  income,
  move,
  on,
  publish,
  startWithEligibility,
  type Json,
  type World,
} from '../../eligibility/test/support.ts';
import { startNotifier, type NotifierOptions, type RunningNotifier } from '../src/index.ts';
import { formatEuros } from '../src/domain/format.ts';
import { pagesText } from './support/pdf.ts';
import { startSmtpServer, type SmtpServerHandle } from './support/smtp-server.ts';

let world: World;
let smtp: SmtpServerHandle;
let notifier: RunningNotifier;
let notifierOptions: (o?: Partial<NotifierOptions>) => NotifierOptions;
let noticesTopic: string;
// Every service of this file runs in this process: their spans land here.
const exporter = new InMemorySpanExporter();
let telemetry: Telemetry;
// Every date below is relative to the chain's clock (shared with the broker's log-append time),
// so the suite holds whatever day it runs on; `npm test` runs it again a year ahead.
const today = () => on.date();

beforeAll(async () => {
  telemetry = startTelemetry({
    serviceName: 'relais-e2e',
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  world = await startWithEligibility();
  smtp = await startSmtpServer({ rejectRecipientsContaining: 'refused' });
  const { chain } = world;
  const groupPrefix = uniqueName('relais-test-notifier');
  const preferencesTopic = uniqueName('relais.notice-preferences');
  noticesTopic = uniqueName('relais.notices');
  notifierOptions = (o = {}) => ({
    brokers: world.options().brokers,
    logger: chain.logger,
    registryUrl: chain.registry.url,
    keysDir: chain.keysDir,
    dataDir: path.join(chain.dataDir, 'notifier'),
    host: '127.0.0.1',
    port: 0,
    devTokenSecret: chain.devTokenSecret,
    smtp: {
      host: smtp.host,
      port: smtp.port,
      from: 'Relais <ne-pas-repondre@relais.test>',
      ignoreTLS: true,
    },
    groupPrefix,
    clock,
    agency: chain.id('relais'),
    entitlementsTopic: world.topics.entitlements,
    noticesTopic,
    preferencesTopic,
    pseudonymTopic: chain.topics.pseudonyms,
    consentsTopic: chain.topics.consents,
    ...o,
  });
  notifier = await startNotifier(notifierOptions());
});
afterAll(async () => {
  await notifier?.close();
  await smtp?.stop();
  await world?.close();
  await telemetry?.shutdown();
});

const INCOME = 'fr.gouv.tax.IncomeAssessed';
const flat = (s: string) => s.replace(/\s+/g, ' ');
/** The free-CSS ceiling for one person in force on the clock's day, as the notice writes it. */
const freeCeiling = (): string => {
  const ceilings = cssCeilings(1, 'metropole', today());
  if (!ceilings) throw new Error(`no CSS ceiling in force on ${today()}`);
  return flat(formatEuros(Math.floor(ceilings.free), 'FR'));
};

async function citizen(consent: boolean) {
  const c = await world.chain.citizen(['local', 'family', 'tax', 'health', 'relais']);
  if (consent) await consentToEligibility(world, c.token);
  return c;
}

async function facts(c: Awaited<ReturnType<typeof citizen>>, incomeCents: number) {
  await publish(
    world,
    'mairie-lyon',
    'fr.gouv.residence.AddressChanged',
    c.pseudonyms['local'] as string,
    move(),
  );
  await publish(
    world,
    'caf',
    'fr.gouv.family.HouseholdCompositionChanged',
    c.pseudonyms['family'] as string,
    household(),
  );
  await publish(world, 'dgfip', INCOME, c.pseudonyms['tax'] as string, income(incomeCents));
}

const notices = async (token: string): Promise<Json[]> =>
  (await world.chain.call(notifier.url, 'GET', '/v1/me/notices', token)).body.notices as Json[];

describe('a household whose income drops under the CSS ceiling', () => {
  let camille: Awaited<ReturnType<typeof citizen>>;
  let noticeId: string;

  it('gets exactly one notice, explained, in-app, by e-mail and as a letter', async () => {
    camille = await citizen(true);
    const prefs = await world.chain.call(
      notifier.url,
      'PUT',
      '/v1/me/notice-preferences',
      camille.token,
      {
        channels: ['PORTAL', 'EMAIL', 'POSTAL_LETTER'],
        language: 'FR',
        email: 'camille@example.org',
        postalAddress: { name: 'Camille Martin', lines: ['12 rue de la République', '69002 Lyon'] },
      },
    );
    expect(prefs.status).toBe(200);
    await facts(camille, 2_500_000);
    const relais = camille.pseudonyms['relais'] as string;
    await waitFor(() => world.of(relais, 'CSS').length >= 1, {
      what: 'the first CSS determination',
      timeoutMs: 30_000,
    });
    expect(world.of(relais, 'CSS')[0]?.value['outcome']).toBe('NOT_ELIGIBLE');
    // Once the notifier has read every determination so far, still no notice.
    await waitFor(() => notifier.stats.determinations >= world.determined.length, {
      what: 'the notifier to read the determinations',
    });
    expect(await notices(camille.token)).toHaveLength(0);

    // The DGFiP's system has a trace of its own: Relais continues it.
    const dgfipTrace = '5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e';
    const drop = await world.chain.call(
      world.chain.gateway.url,
      'POST',
      `/v1/events/${INCOME}`,
      await world.chain.agencyToken('dgfip'),
      { subject: camille.pseudonyms['tax'], data: income(900_000, on.year()) },
      { traceparent: `00-${dgfipTrace}-00f067aa0ba902b7-01` },
    );
    expect(drop.status).toBe(202);
    const [notice] = await waitFor(
      async () => {
        const ns = await notices(camille.token);
        return ns.length &&
          ns.every((n) => (n['deliveries'] as Json[]).every((d) => d['status'] !== 'PENDING'))
          ? ns
          : undefined;
      },
      { what: 'the CSS notice delivered', timeoutMs: 30_000 },
    );
    expect(notice).toMatchObject({ benefit: 'CSS', period: expect.stringMatching(/^\d{4}$/) });
    expect(
      Object.fromEntries(
        (notice?.['deliveries'] as Json[]).map((d) => [d['channel'], d['status']]),
      ),
    ).toEqual({
      EMAIL: 'SENT',
      PORTAL: 'SENT',
      POSTAL_LETTER: 'SENT',
    });
    noticeId = notice?.['noticeId'] as string;

    // In-app: the explanation names the resources, the ceiling and its date, in French then English.
    const full = await world.chain.call(
      notifier.url,
      'GET',
      `/v1/me/notices/${noticeId}`,
      camille.token,
    );
    const text = flat(full.body.text as string);
    expect(text).toMatch(/Complémentaire santé solidaire/);
    expect(text).toMatch(/9 000 €/);
    expect(text).toContain(freeCeiling());
    expect(text).toMatch(/gratuite/i);
    expect(text).toMatch(/complementary health|Complémentaire santé solidaire \(CSS\)/i);

    // E-mail: received by the SMTP server process, French subject, both versions.
    const [mail] = await smtp.waitForMessages(1, 20_000);
    expect(mail?.to?.[0]?.address).toBe('camille@example.org');
    expect(mail?.subject).toMatch(/Complémentaire santé solidaire|CSS/);
    expect(flat(mail?.text ?? '')).toContain(freeCeiling());
    expect(flat(mail?.text ?? '')).toMatch(/English version|What we found/i);

    // Letter: a PDF in the print queue that opens and contains the notice.
    const file = path.join(notifier.lettersDir, `${noticeId}.pdf`);
    expect(existsSync(file)).toBe(true);
    const pages = await pagesText(readFileSync(file));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.join(' ')).toMatch(/Camille Martin/);
    expect(flat(pages.join(' '))).toContain(freeCeiling());
    // Operators follow the flow: from the DGFiP's request, through the router, eligibility and
    // notifier, to the notices published — one trace, or traces linked where records were batched.
    const linked = new Map<string, Set<string>>();
    const edge = (a: string, b: string) => {
      if (!linked.has(a)) linked.set(a, new Set());
      if (!linked.has(b)) linked.set(b, new Set());
      linked.get(a)?.add(b);
      linked.get(b)?.add(a);
    };
    const spans = exporter.getFinishedSpans();
    for (const sp of spans)
      for (const l of sp.links) edge(sp.spanContext().traceId, l.context.traceId);
    const reach = new Set([dgfipTrace]);
    for (const t of reach) for (const n of linked.get(t) ?? []) reach.add(n);
    const names = spans.filter((sp) => reach.has(sp.spanContext().traceId)).map((sp) => sp.name);
    expect(names).toContain(`${world.topics.entitlements} publish`);
    expect(names).toContain(`${world.topics.entitlements} process`);
    expect(names).toContain(`${noticesTopic} publish`);
    // No personal identifier of the citizen's in the notices' Kafka headers.
    expect(JSON.stringify(world.of(relais).map((d) => d.headers))).not.toContain(camille.pivot);
  });

  it('tracks delivery per channel: an e-mail the server refuses is FAILED, the in-app notice SENT', async () => {
    const refused = await citizen(true);
    const prefs = await world.chain.call(
      notifier.url,
      'PUT',
      '/v1/me/notice-preferences',
      refused.token,
      {
        channels: ['PORTAL', 'EMAIL'],
        language: 'EN',
        email: 'refused@example.org',
      },
    );
    expect(prefs.status).toBe(200);
    await facts(refused, 600_000);
    const [n] = await waitFor(
      async () => {
        const ns = await notices(refused.token);
        return ns.length &&
          (ns[0]?.['deliveries'] as Json[]).every((d) => d['status'] !== 'PENDING')
          ? ns
          : undefined;
      },
      { what: 'the notice delivered or failed', timeoutMs: 30_000 },
    );
    expect(
      Object.fromEntries((n?.['deliveries'] as Json[]).map((d) => [d['channel'], d['status']])),
    ).toEqual({
      EMAIL: 'FAILED',
      PORTAL: 'SENT',
    });
    // English first for this citizen.
    expect(n?.['subject']).toMatch(/You are probably entitled/);
    expect(notifier.stats.byChannel['EMAIL']?.['FAILED']).toBeGreaterThanOrEqual(1);
  });

  it('a determination still on its way when the consent is withdrawn gives no notice', async () => {
    const c = await citizen(true);
    const relais = c.pseudonyms['relais'] as string;
    const consents = await world.chain.call(
      world.chain.consent.url,
      'GET',
      '/v1/me/consents',
      c.token,
    );
    const id = (consents.body.consents as Json[]).find(
      (x) => x['purpose'] === 'proactive-eligibility',
    )?.['id'];
    await world.chain.call(world.chain.consent.url, 'DELETE', `/v1/me/consents/${id}`, c.token);
    await waitFor(() => notifier.store.isWithdrawn(relais), { what: 'the withdrawal seen' });
    const withdrawn = notifier.stats.withdrawn;
    // As if the eligibility service had determined it just before the withdrawal.
    const kafka = createKafka({
      brokers: world.options().brokers,
      clientId: 'late-determination',
      logger: world.chain.logger,
    });
    const producer = createProducer(kafka);
    await producer.connect();
    const schemaId = await world.chain.serde.latestId('fr.gouv.relais.EntitlementDetermined');
    const decisionId = '0badc0de-0000-8000-8000-000000000001';
    const before = notifier.stats.determinations;
    await producer.send(world.topics.entitlements, [
      {
        key: relais,
        value: await world.chain.serde.encode(schemaId, {
          decisionId,
          benefit: 'CSS',
          outcome: 'LIKELY_ELIGIBLE',
          estimatedMonthlyAmountCents: null,
          variant: 'free',
          estimatedYearlyAmountCents: null,
          ruleVersion: 'css-test',
          period: today().slice(0, 4),
          evaluatedOn: today(),
          explanation: [],
          caveats: [],
          determinedAt: clock.now(),
        }),
        headers: envelopeToHeaders({
          specversion: '1.0',
          id: decisionId,
          source: 'urn:relais:agency:relais',
          type: 'fr.gouv.relais.EntitlementDetermined',
          time: clock.now().toISOString(),
          datacontenttype: 'application/avro',
          purpose: 'proactive-eligibility',
          legalbasis: 'consent',
          consentid: String(id),
        }),
      },
    ]);
    await producer.disconnect();
    // Read and turned away because of the withdrawal, not for any other reason.
    await waitFor(() => notifier.stats.withdrawn > withdrawn, {
      what: 'the late determination turned away',
    });
    expect(notifier.stats.determinations).toBeGreaterThan(before);
    expect(await notices(c.token)).toHaveLength(0);
  });

  it('a citizen without the proactive-eligibility consent gets none', async () => {
    const refused = () =>
      world.chain.router.stats.denialsByAgency[world.chain.id('relais')]?.['no-consent'] ?? 0;
    const denied = refused();
    const yanis = await citizen(false);
    await facts(yanis, 500_000);
    // The router refused his three facts to Relais: no determination can follow.
    await waitFor(() => refused() >= denied + 3, { what: 'the router to refuse his facts' });
    await waitFor(() => notifier.stats.determinations >= world.determined.length, {
      what: 'the notifier to read every determination',
    });
    expect(world.of(yanis.pseudonyms['relais'] as string)).toHaveLength(0);
    expect(await notices(yanis.token)).toHaveLength(0);
  });

  it('restarts of eligibility and notifier, even replaying every determination, send nothing twice', async () => {
    const mails = (await smtp.messages()).length;
    const total = notifier.store.funnel().reduce((n, b) => n + b.notified, 0);
    await world.restart();
    await notifier.close();
    // A new consumer group reads every determination again from the beginning.
    notifier = await startNotifier(
      notifierOptions({ groupPrefix: uniqueName('relais-test-notifier-again') }),
    );
    await waitFor(() => notifier.stats.determinations >= world.determined.length, {
      what: 'every determination replayed',
      timeoutMs: 30_000,
    });
    expect(notifier.stats.duplicates).toBeGreaterThan(0);
    expect(notifier.store.funnel().reduce((n, b) => n + b.notified, 0)).toBe(total);
    await new Promise((r) => setTimeout(r, 500));
    expect((await smtp.messages()).length).toBe(mails);
  });

  it('counts the take-up funnel: notified → opened → claimed', async () => {
    await world.chain.call(notifier.url, 'GET', `/v1/me/notices/${noticeId}`, camille.token);
    await publish(
      world,
      'cpam',
      'fr.gouv.benefits.BenefitClaimed',
      camille.pseudonyms['health'] as string,
      {
        claimId: `CSS-${today()}-0001`,
        benefit: 'CSS',
        // Claimed the day the notice was sent: the funnel credits it to that notice.
        claimedOn: today(),
        channel: 'ONLINE',
      },
    );
    const operator = readFileSync(path.join(world.chain.keysDir, 'operator.token'), 'utf8').trim();
    const css = await waitFor(
      async () => {
        const f = await world.chain.call(notifier.url, 'GET', '/v1/funnel', operator);
        const b = (f.body.benefits as Json[]).find((x) => x['benefit'] === 'CSS');
        return b && b['claimed'] >= 1 ? b : undefined;
      },
      { what: 'the claim in the funnel', timeoutMs: 30_000 },
    );
    expect(css).toMatchObject({ opened: expect.any(Number), claimed: 1 });
    expect(css['opened']).toBeGreaterThanOrEqual(1);
    expect(css['notified']).toBeGreaterThanOrEqual(2);
    // Someone else's notice does not exist for this citizen; bad preferences name the field.
    const other = await citizen(false);
    expect(
      (await world.chain.call(notifier.url, 'GET', `/v1/me/notices/${noticeId}`, other.token))
        .status,
    ).toBe(404);
    const bad = await world.chain.call(
      notifier.url,
      'PUT',
      '/v1/me/notice-preferences',
      other.token,
      {
        channels: ['EMAIL'],
        language: 'FR',
      },
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('/body/email');
    expect((await world.chain.call(notifier.url, 'GET', '/v1/me/notices')).status).toBe(401);
  });
});
