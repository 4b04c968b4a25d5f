// From a fact to a notice, on the real broker: gateway → router → eligibility → notifier, with the
// e-mail caught by a local SMTP server process and the letter read back with pdf.js. A household
// whose income drops gets one notice, explained, on every channel it chose, traced end to end —
// in the operators' tracing UI, a real Zipkin server — and never a second one. Each service
// connects to Kafka as its own principal, with only the access plan's ACLs.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
import {
  defaultOptions as zipkinOptions,
  down as zipkinDown,
  freePort,
  spansEndpoint,
  status as zipkinStatus,
  up as zipkinUp,
  type RunningZipkin,
} from '@relais/local-zipkin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@relais/testkit';
import { pagesText } from '@relais/testkit/pdf';
import {
  consentToEligibility,
  publish,
  publishFacts,
  startRelais,
  type Json,
  type Relais,
} from '../src/index.ts';

let relais: Relais;
// Every service of this file runs in this process: their spans land here, and in Zipkin.
const exporter = new InMemorySpanExporter();
let telemetry: Telemetry;
// The file's own Zipkin on a free port, through infra/tracing: its jar is fetched from Maven
// Central on a machine's first run (then cached in ~/.m2); one JVM for the whole file.
const zipkinHome = mkdtempSync(path.join(tmpdir(), 'relais-zipkin-'));
let zipkin: RunningZipkin | undefined;

beforeAll(async () => {
  const port = await freePort();
  const started = Date.now();
  // Zipkin first: spans exported before its intake is up would open the exporter's outage window
  // (export-guard.ts), and the spans of that window are dropped, counted, not retried.
  zipkin = await zipkinUp({ ...zipkinOptions(), home: zipkinHome, port }, () => undefined);
  telemetry = startTelemetry({
    serviceName: 'relais-e2e',
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    exporter: 'zipkin',
    zipkinEndpoint: spansEndpoint(`http://127.0.0.1:${port}`),
  });
  // Every service under its own Kafka principal and the access plan's ACLs, as npm start runs
  // them (dec-031): a grant missing from the plan fails this file.
  relais = await startRelais({
    eligibility: true,
    notifier: { mailServer: { rejectRecipientsContaining: 'refused' } },
    servicePrincipals: true,
  });
  console.log(
    `Zipkin for fact-to-notice: jar ${zipkin?.downloadMs ? `downloaded in ${zipkin.downloadMs} ms` : 'cached'}, ready in ${zipkin?.startupMs} ms, RSS ${zipkinStatus(zipkinHome).rssMiB} MiB; Relais and Zipkin up in ${Date.now() - started} ms`,
  );
}, 300_000);
afterAll(async () => {
  await relais?.close();
  await telemetry?.shutdown();
  // Nothing of its memory is kept: no need for its 2.5 s graceful stop.
  await zipkinDown(zipkinHome, () => undefined, 500);
  rmSync(zipkinHome, { recursive: true, force: true });
});

/** The notifier running now (restarts replace it). */
const notifier = () => relais.notifier.service;
// Every date below is relative to the harness clock (shared with the broker's log-append time),
// so the suite holds whatever day it runs on; `npm test` runs it again a year ahead.
const today = () => relais.on.date();

const INCOME = 'fr.gouv.tax.IncomeAssessed';
const flat = (s: string) => s.replace(/\s+/g, ' ');
/** Euro cents as a French reader sees them in a notice, spaces flattened: "10 339 €", "12,50 €". */
const euros = (cents: number): string => {
  const whole = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const rest = cents % 100;
  return `${whole}${rest ? `,${String(rest).padStart(2, '0')}` : ''} €`;
};
/** The free-CSS ceiling for one person in force on the clock's day, as the notice writes it. */
const freeCeiling = (): string => {
  const ceilings = cssCeilings(1, 'metropole', today());
  if (!ceilings) throw new Error(`no CSS ceiling in force on ${today()}`);
  return euros(Math.floor(ceilings.free));
};

async function citizen(consent: boolean) {
  const c = await relais.citizen(['local', 'family', 'tax', 'health', 'relais']);
  if (consent) await consentToEligibility(relais, c.token);
  return c;
}

async function facts(c: Awaited<ReturnType<typeof citizen>>, incomeCents: number) {
  await publishFacts(relais, c, incomeCents);
}

const notices = async (token: string): Promise<Json[]> =>
  (await relais.call(notifier().url, 'GET', '/v1/me/notices', token)).body.notices as Json[];

/** Waits until the notifier has read every determination published so far. */
async function notifierCaughtUp(what: string, timeoutMs?: number): Promise<void> {
  const determined = (await relais.eligibility.readAll()).length;
  await waitFor(() => notifier().stats.determinations >= determined, {
    what,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

describe('a household whose income drops under the CSS ceiling', () => {
  let camille: Awaited<ReturnType<typeof citizen>>;
  let noticeId: string;

  it('gets exactly one notice, explained, in-app, by e-mail and as a letter', async () => {
    camille = await citizen(true);
    const prefs = await relais.call(
      notifier().url,
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
    const pseudonym = camille.pseudonyms['relais'] as string;
    await waitFor(() => relais.eligibility.of(pseudonym, 'CSS').length >= 1, {
      what: 'the first CSS determination',
      timeoutMs: 30_000,
    });
    expect(relais.eligibility.of(pseudonym, 'CSS')[0]?.value['outcome']).toBe('NOT_ELIGIBLE');
    // Once the notifier has read every determination so far, still no notice.
    await notifierCaughtUp('the notifier to read the determinations');
    expect(await notices(camille.token)).toHaveLength(0);

    // The DGFiP's system has a trace of its own: Relais continues it.
    const dgfipTrace = '5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e';
    const drop = await relais.call(
      relais.gateway.url,
      'POST',
      `/v1/events/${INCOME}`,
      await relais.agencyToken('dgfip'),
      { subject: camille.pseudonyms['tax'], data: relais.facts.income(900_000, relais.on.year()) },
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
    const full = await relais.call(
      notifier().url,
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
    const [mail] = await relais.notifier.mail.waitForMessages(1, 20_000);
    expect(mail?.to?.[0]?.address).toBe('camille@example.org');
    expect(mail?.subject).toMatch(/Complémentaire santé solidaire|CSS/);
    expect(flat(mail?.text ?? '')).toContain(freeCeiling());
    expect(flat(mail?.text ?? '')).toMatch(/English version|What we found/i);

    // Letter: a PDF in the print queue that opens and contains the notice.
    const file = path.join(notifier().lettersDir, `${noticeId}.pdf`);
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
    expect(names).toContain(`${relais.topics.entitlements} publish`);
    expect(names).toContain(`${relais.topics.entitlements} process`);
    expect(names).toContain(`${relais.topics.notices} publish`);
    // In Zipkin, what operators open: that one publication is ONE trace, and every service it
    // went through named on its spans (one process, one resource: the span says which service).
    await telemetry.flush();
    const traced = await waitFor(
      async () => {
        const res = await fetch(`${zipkin?.url}/api/v2/trace/${dgfipTrace}`);
        if (!res.ok) return undefined;
        const found = (await res.json()) as Array<{
          traceId: string;
          name: string;
          localEndpoint?: { serviceName?: string };
        }>;
        const services = new Set(found.map((z) => z.localEndpoint?.serviceName));
        return ['gateway', 'router', 'eligibility', 'notifier'].every((x) => services.has(x))
          ? found
          : undefined;
      },
      { what: "the DGFiP's trace in Zipkin with all four services", timeoutMs: 20_000 },
    );
    expect(new Set(traced.map((z) => z.traceId))).toEqual(new Set([dgfipTrace]));
    const byService = (service: string) =>
      traced.filter((z) => z.localEndpoint?.serviceName === service).map((z) => z.name);
    // Zipkin stores span names in lower case.
    expect(byService('gateway')).toContain(`post /v1/events/:contract`);
    expect(byService('router')).toContain(`relais.events.tax process`);
    expect(byService('eligibility')).toContain(`${relais.topics.entitlements} publish`);
    expect(byService('notifier')).toContain(`${relais.topics.entitlements} process`);
    // No span fell back to the process's resource name.
    expect(byService('relais-e2e')).toEqual([]);
    // No personal identifier of the citizen's in the notices' Kafka headers.
    expect(JSON.stringify(relais.eligibility.of(pseudonym).map((d) => d.headers))).not.toContain(
      camille.pivot,
    );
  });

  it('tracks delivery per channel: an e-mail the server refuses is FAILED, the in-app notice SENT', async () => {
    const refused = await citizen(true);
    const prefs = await relais.call(
      notifier().url,
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
    expect(notifier().stats.byChannel['EMAIL']?.['FAILED']).toBeGreaterThanOrEqual(1);
  });

  it('a determination still on its way when the consent is withdrawn gives no notice', async () => {
    const c = await citizen(true);
    const pseudonym = c.pseudonyms['relais'] as string;
    const consents = await relais.call(relais.consent.url, 'GET', '/v1/me/consents', c.token);
    const id = (consents.body.consents as Json[]).find(
      (x) => x['purpose'] === 'proactive-eligibility',
    )?.['id'];
    await relais.call(relais.consent.url, 'DELETE', `/v1/me/consents/${id}`, c.token);
    await waitFor(() => notifier().store.isWithdrawn(pseudonym), { what: 'the withdrawal seen' });
    const withdrawn = notifier().stats.withdrawn;
    // As if the eligibility service had determined it just before the withdrawal.
    const kafka = createKafka({
      brokers: relais.brokers,
      clientId: 'late-determination',
      logger: relais.logger,
    });
    const producer = createProducer(kafka);
    await producer.connect();
    const schemaId = await relais.serde.latestId('fr.gouv.relais.EntitlementDetermined');
    const decisionId = '0badc0de-0000-8000-8000-000000000001';
    const before = notifier().stats.determinations;
    await producer.send(relais.topics.entitlements, [
      {
        key: pseudonym,
        value: await relais.serde.encode(schemaId, {
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
          determinedAt: relais.clock.now(),
        }),
        headers: envelopeToHeaders({
          specversion: '1.0',
          id: decisionId,
          source: 'urn:relais:agency:relais',
          type: 'fr.gouv.relais.EntitlementDetermined',
          time: relais.clock.now().toISOString(),
          datacontenttype: 'application/avro',
          purpose: 'proactive-eligibility',
          legalbasis: 'consent',
          consentid: String(id),
        }),
      },
    ]);
    await producer.disconnect();
    // Read and turned away because of the withdrawal, not for any other reason.
    await waitFor(() => notifier().stats.withdrawn > withdrawn, {
      what: 'the late determination turned away',
    });
    expect(notifier().stats.determinations).toBeGreaterThan(before);
    expect(await notices(c.token)).toHaveLength(0);
  });

  it('a citizen without the proactive-eligibility consent gets none', async () => {
    const refused = () =>
      relais.router.service.stats.denialsByAgency[relais.id('relais')]?.['no-consent'] ?? 0;
    const denied = refused();
    const yanis = await citizen(false);
    await facts(yanis, 500_000);
    // The router refused his three facts to Relais: no determination can follow.
    await waitFor(() => refused() >= denied + 3, { what: 'the router to refuse his facts' });
    await notifierCaughtUp('the notifier to read every determination');
    expect(relais.eligibility.of(yanis.pseudonyms['relais'] as string)).toHaveLength(0);
    expect(await notices(yanis.token)).toHaveLength(0);
  });

  it('restarts of eligibility and notifier, even replaying every determination, send nothing twice', async () => {
    const mail = relais.notifier.mail;
    const mails = (await mail.messages()).length;
    const total = notifier()
      .store.funnel()
      .reduce((n, b) => n + b.notified, 0);
    await relais.eligibility.restart();
    // A new consumer group reads every determination again from the beginning.
    await relais.notifier.restartInNewGroup();
    await notifierCaughtUp('every determination replayed', 30_000);
    expect(notifier().stats.duplicates).toBeGreaterThan(0);
    expect(
      notifier()
        .store.funnel()
        .reduce((n, b) => n + b.notified, 0),
    ).toBe(total);
    // A marker after the replay: one new notice, by e-mail. The notifier sends one sweep at a
    // time, in the order notices were recorded, so once the marker's e-mail has arrived, any
    // e-mail the replay caused has arrived before it.
    const marker = await citizen(true);
    const markerAddress = 'marker@example.org';
    expect(
      (
        await relais.call(notifier().url, 'PUT', '/v1/me/notice-preferences', marker.token, {
          channels: ['EMAIL'],
          language: 'FR',
          email: markerAddress,
        })
      ).status,
    ).toBe(200);
    await facts(marker, 600_000);
    const received = await waitFor(
      async () => {
        const all = await mail.messages();
        return all.some((m) => m.to?.[0]?.address === markerAddress) ? all : undefined;
      },
      { what: "the marker's e-mail", timeoutMs: 30_000 },
    );
    expect(received.filter((m) => m.to?.[0]?.address !== markerAddress).length).toBe(mails);
  });

  it('counts the take-up funnel: notified → opened → claimed', async () => {
    await relais.call(notifier().url, 'GET', `/v1/me/notices/${noticeId}`, camille.token);
    await publish(
      relais,
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
    const operator = relais.operatorToken();
    const css = await waitFor(
      async () => {
        const f = await relais.call(notifier().url, 'GET', '/v1/funnel', operator);
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
      (await relais.call(notifier().url, 'GET', `/v1/me/notices/${noticeId}`, other.token)).status,
    ).toBe(404);
    const bad = await relais.call(notifier().url, 'PUT', '/v1/me/notice-preferences', other.token, {
      channels: ['EMAIL'],
      language: 'FR',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('/body/email');
    expect((await relais.call(notifier().url, 'GET', '/v1/me/notices')).status).toBe(401);
  });
});
