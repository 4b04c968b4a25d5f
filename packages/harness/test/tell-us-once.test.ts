// Tell us once, end to end: real broker, registry, gateway, consent service and router. A move
// reaches the agencies entitled to it (by consent or by law) under their own pseudonyms and
// minimised, and no other; a revocation holds for every event appended after it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '@relais/contracts';
import { relaisMetrics } from '@relais/kit';
import { auditAccessLog } from '@relais/router/audit';
import { readTopic, testKafka, waitFor } from '@relais/testkit';
import { sampleSum } from '@relais/testkit/prometheus';
import { startRelais, type Json, type Relais } from '../src/index.ts';

let relais: Relais;
beforeAll(async () => {
  relais = await startRelais();
});
afterAll(() => relais?.close());

const ids = (events: Json[]): string[] => events.map((e) => e['id'] as string);
/** The router's refusals to CAF because the citizen revoked the consent. */
const revokedForCaf = (): number =>
  relais.router.service.stats.denialsByAgency[relais.id('caf')]?.revoked ?? 0;

describe('a citizen moves', () => {
  it('reaches CAF and CPAM with consent, DGFiP by law, not France Travail; revocation holds; the access log shows exactly that and verifies', async () => {
    const camille = await relais.citizen(['local', 'family', 'health', 'tax', 'employment']);
    // Camille consents to CAF and CPAM receiving her new address.
    for (const agency of ['caf', 'cpam']) {
      const granted = await relais.call(
        relais.consent.url,
        'POST',
        '/v1/me/consents',
        camille.token,
        {
          purpose: 'address-update',
          recipient: relais.id(agency),
          categories: ['address'],
        },
      );
      expect(granted.status).toBe(201);
    }
    const cafConsent = (
      await relais.call(relais.consent.url, 'GET', '/v1/me/consents', camille.token)
    ).body.consents.find((c: Json) => c['recipient'] === relais.id('caf'));

    // The mairie publishes the move once.
    const mairie = await relais.agencyToken('mairie-lyon');
    const first = await relais.call(
      relais.gateway.url,
      'POST',
      '/v1/events/fr.gouv.residence.AddressChanged',
      mairie,
      { subject: camille.pseudonyms['local'], data: relais.facts.move('69002') },
    );
    expect(first.status).toBe(202);
    const firstId = first.body.id as string;

    const caf = await waitFor(
      async () => (await relais.inbox('caf')).find((e) => e['id'] === firstId),
      { what: 'CAF to receive the move', timeoutMs: 30_000 },
    );
    const cpam = await waitFor(
      async () => (await relais.inbox('cpam')).find((e) => e['id'] === firstId),
      { what: 'CPAM to receive the move' },
    );
    const dgfip = await waitFor(
      async () => (await relais.inbox('dgfip')).find((e) => e['id'] === firstId),
      { what: 'DGFiP to receive the move' },
    );
    // Each under its own sector's pseudonym, never the pivot, never the mairie's pseudonym.
    expect(caf['subject']).toBe(camille.pseudonyms['family']);
    expect(cpam['subject']).toBe(camille.pseudonyms['health']);
    expect(dgfip['subject']).toBe(camille.pseudonyms['tax']);
    for (const e of [caf, cpam, dgfip])
      expect([camille.pivot, camille.pseudonyms['local']]).not.toContain(e['subject']);
    // Only the allowed fields: the subscription lists no moveKind, countryCode or declaredAt.
    expect(Object.keys(caf['data']).sort()).toEqual([
      'additionalLine',
      'city',
      'cityCode',
      'effectiveDate',
      'postcode',
      'street',
    ]);
    expect(caf).toMatchObject({
      legalBasis: 'consent',
      consentId: cafConsent['id'],
      purpose: 'address-update',
    });
    expect(dgfip).toMatchObject({ legalBasis: 'legal-obligation', consentId: null });
    // France Travail has no consent and no subscription: nothing (the router has routed the
    // move: the three entitled agencies have it).
    expect(ids(await relais.inbox('france-travail'))).not.toContain(firstId);

    // Camille revokes CAF's consent (one call); the next move reaches CPAM and not CAF.
    const refusedBefore = revokedForCaf();
    expect(
      (
        await relais.call(
          relais.consent.url,
          'DELETE',
          `/v1/me/consents/${cafConsent['id']}`,
          camille.token,
        )
      ).status,
    ).toBe(200);
    const second = await relais.call(
      relais.gateway.url,
      'POST',
      '/v1/events/fr.gouv.residence.AddressChanged',
      mairie,
      { subject: camille.pseudonyms['local'], data: relais.facts.move('69003') },
    );
    const secondId = second.body.id as string;
    await waitFor(async () => (await relais.inbox('cpam')).find((e) => e['id'] === secondId), {
      what: 'CPAM to receive the second move',
    });
    await waitFor(async () => (await relais.inbox('dgfip')).find((e) => e['id'] === secondId), {
      what: 'DGFiP to receive the second move',
    });
    // The router judged the second move for CAF and refused it: nothing for CAF is on its way.
    await waitFor(() => revokedForCaf() > refusedBefore, {
      what: 'the router to refuse the second move to CAF',
    });
    expect(ids(await relais.inbox('caf'))).not.toContain(secondId);
    expect(relais.router.service.stats.denials.revoked).toBeGreaterThanOrEqual(1);

    // Her access log: exactly those five deliveries.
    const log = await waitFor(
      async () => {
        const res = await relais.call(
          relais.consent.url,
          'GET',
          '/v1/me/access-log',
          camille.token,
        );
        return res.body.records.length >= 5 ? (res.body.records as Json[]) : undefined;
      },
      { what: 'five access records' },
    );
    const seen = log.map((r) => `${r['recipient'].id ?? r['recipient']} ${r['legalBasis']}`).sort();
    expect(seen).toEqual(
      [
        `${relais.id('caf')} consent`,
        `${relais.id('cpam')} consent`,
        `${relais.id('cpam')} consent`,
        `${relais.id('dgfip')} legal-obligation`,
        `${relais.id('dgfip')} legal-obligation`,
      ].sort(),
    );
    const audit = await auditAccessLog(testKafka(), relais.serde, relais.topics.accessLog);
    expect(audit.problems).toEqual([]);
    expect(audit.partitions.reduce((n, p) => n + p.records, 0)).toBeGreaterThanOrEqual(5);
  });

  it('sends a DeathDeclared from the état civil to the pension fund, CAF and CPAM by law', async () => {
    const josette = await relais.citizen(['civil-status', 'family', 'health', 'pensions']);
    const etatCivil = await relais.agencyToken('etat-civil');
    const death = relais.facts.death();
    const res = await relais.call(
      relais.gateway.url,
      'POST',
      '/v1/events/fr.gouv.civilstatus.DeathDeclared',
      etatCivil,
      { subject: josette.pseudonyms['civil-status'], data: death },
    );
    expect(res.status).toBe(202);
    for (const [agency, sector] of [
      ['cnav', 'pensions'],
      ['caf', 'family'],
      ['cpam', 'health'],
    ] as const) {
      const got = await waitFor(
        async () => (await relais.inbox(agency)).find((e) => e['id'] === res.body.id),
        { what: `${agency} to learn of the death` },
      );
      expect(got).toMatchObject({
        legalBasis: 'legal-obligation',
        subject: josette.pseudonyms[sector],
        data: { dateOfDeath: death.dateOfDeath },
      });
    }
  });
});

describe('a revocation racing a burst of events', () => {
  it('lets no event appended after the revocation reach the revoked agency', async () => {
    const yanis = await relais.citizen(['local', 'family', 'health', 'tax']);
    const granted = await relais.call(relais.consent.url, 'POST', '/v1/me/consents', yanis.token, {
      purpose: 'address-update',
      recipient: relais.id('caf'),
      categories: ['address'],
    });
    const consentId = granted.body.consent.id as string;
    const refusedBefore = revokedForCaf();
    const mairie = await relais.agencyToken('mairie-lyon');
    const publish = (i: number) =>
      relais.call(
        relais.gateway.url,
        'POST',
        '/v1/events/fr.gouv.residence.AddressChanged',
        mairie,
        { subject: yanis.pseudonyms['local'], data: relais.facts.move(String(69000 + i)) },
      );
    // 40 events in flight, the revocation in the middle of them.
    const burst = Array.from({ length: 40 }, (_, i) => publish(i));
    await Promise.all(burst.slice(0, 15));
    const revoked = relais.call(
      relais.consent.url,
      'DELETE',
      `/v1/me/consents/${consentId}`,
      yanis.token,
    );
    const answers = await Promise.all(burst);
    expect((await revoked).status).toBe(200);
    const eventIds = answers.map((a) => a.body.id as string);
    // Wait until the legal-obligation recipient DGFiP has them all: the router processed them.
    await waitFor(
      async () => {
        const got = new Set(ids(await relais.inbox('dgfip')));
        return eventIds.every((id) => got.has(id));
      },
      { what: 'the router to process the burst', timeoutMs: 60_000 },
    );

    // The broker's order: the revocation record's append time vs each event's.
    const kafka = testKafka();
    const consentRecords = (await readTopic(kafka, relais.topics.consents, 1, 10_000)).length;
    const docs = await readTopic(kafka, relais.topics.consents, consentRecords, 10_000);
    const all = await waitFor(
      async () => {
        const got = await readTopic(kafka, relais.topics.consents, docs.length, 10_000);
        const mine = got.filter((r) => r.key?.toString() === yanis.pivot);
        return mine.length >= 2 ? mine : undefined;
      },
      { what: "Yanis' grant and revocation on the consents topic" },
    );
    const revocation = all.find((r) =>
      (JSON.parse(r.value?.toString() ?? '{}') as Json)['consents'].some(
        (c: Json) => c['id'] === consentId && c['revokedAt'],
      ),
    );
    expect(revocation).toBeDefined();
    const revokedAt = revocation!.timestamp;
    const residence = topics.events.name('residence');
    const eventRecords = await waitFor(
      async () => {
        const got = (await readTopic(kafka, residence, 1, 10_000)).length;
        const records = await readTopic(kafka, residence, got, 10_000);
        const mine = records.filter((r) => eventIds.includes(r.headers['ce_id'] ?? ''));
        return mine.length === eventIds.length ? mine : undefined;
      },
      { what: 'the burst on the events topic', timeoutMs: 30_000 },
    );
    const appendedAt = new Map(eventRecords.map((r) => [r.headers['ce_id'] ?? '', r.timestamp]));
    const before = eventIds.filter((id) => appendedAt.get(id)! < revokedAt);
    const after = eventIds.length - before.length;
    // Read CAF's inbox once it holds every event appended before the revocation, and once the
    // router has refused CAF every one after it: a late delivery to CAF cannot come after that.
    await waitFor(
      async () => {
        const got = new Set(ids(await relais.inbox('caf')));
        return before.every((id) => got.has(id));
      },
      { what: 'CAF to receive the events appended before the revocation', timeoutMs: 30_000 },
    );
    await waitFor(() => revokedForCaf() - refusedBefore >= after, {
      what: `the router to refuse CAF the ${after} events appended after the revocation`,
    });
    const cafGot = ids(await relais.inbox('caf')).filter((id) => eventIds.includes(id));
    // Nothing appended at or after the revocation reached CAF; everything before it did.
    for (const id of cafGot)
      expect(appendedAt.get(id)!, `event ${id} delivered to CAF`).toBeLessThan(revokedAt);
    expect(cafGot.sort()).toEqual(before.sort());
    console.log(
      `race: ${before.length} events before the revocation reached CAF, ${after} after it were refused`,
    );
    expect(relais.router.service.stats.denials.revoked).toBeGreaterThan(0);
  });
});

describe("operators' metrics", () => {
  it('show, after the flows above, what each service did, by reason and agency, never by citizen', async () => {
    const router = relais.router.service;
    const [fromRouter, fromGateway, fromConsent, fromRegistry] = await Promise.all([
      relais.scrape(router.url),
      relais.scrape(relais.gateway.url),
      relais.scrape(relais.consent.url),
      relais.scrape(relais.registry.url),
    ]);
    // The router: the same numbers as its JSON counters, whose object they read.
    const r = relaisMetrics.router;
    const caf = relais.id('caf');
    expect(sampleSum(fromRouter, r.events.name)).toBe(router.stats.events);
    expect(sampleSum(fromRouter, r.deliveries.name)).toBe(router.stats.deliveries);
    expect(router.stats.deliveries).toBeGreaterThan(0);
    expect(sampleSum(fromRouter, r.denials.name, { reason: 'revoked', agency: caf })).toBe(
      router.stats.denialsByAgency[caf]?.revoked,
    );
    // Its consumer group on the events topics: records processed, lag per partition.
    const { processed, lag } = relaisMetrics.consumer;
    const routerGroup = (s: { labels: Record<string, string> }) =>
      s.labels['group']?.endsWith('.router.events') ?? false;
    const handled = fromRouter.samples.filter((s) => s.name === processed.name && routerGroup(s));
    expect(handled.reduce((n, s) => n + s.value, 0)).toBeGreaterThanOrEqual(43);
    const lags = fromRouter.samples.filter((s) => s.name === lag.name && routerGroup(s));
    expect(lags.length).toBeGreaterThan(0);
    for (const s of lags) expect(s.value).toBeGreaterThanOrEqual(0);
    // The gateway: the moves, the burst and the death, accepted over HTTP.
    const accepted = relaisMetrics.gateway.accepted.name;
    const http = { ingress: 'http' };
    expect(sampleSum(fromGateway, accepted, { ...http, agency: relais.id('mairie-lyon') })).toBe(
      42,
    );
    expect(sampleSum(fromGateway, accepted, { ...http, agency: relais.id('etat-civil') })).toBe(1);
    // The consent service: three grants through the portal, two revocations.
    const c = relaisMetrics.consent;
    const portal = { channel: 'PORTAL', purpose: 'address-update' };
    expect(sampleSum(fromConsent, c.grants.name, portal)).toBe(3);
    expect(sampleSum(fromConsent, c.revocations.name, portal)).toBe(2);
    // The registry holds the catalog's schemas and the router's projections.
    expect(sampleSum(fromRegistry, relaisMetrics.registry.schemas.name)).toBeGreaterThan(0);
    // No citizen anywhere in a label.
    const labels = [fromRouter, fromGateway, fromConsent, fromRegistry].flatMap((e) =>
      e.samples.flatMap((s) => Object.values(s.labels)),
    );
    expect(labels.some((l) => /pivot|pseudo|[0-9a-f]{8}-[0-9a-f]{4}-/.test(l))).toBe(false);
  });
});
