// Tell us once, end to end: real broker, registry, gateway, consent service and router.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTopic, testKafka, waitFor } from '@relais/testkit';
import { auditAccessLog } from '../src/adapters/audit.ts';
import { address, startChain, type Chain, type Json } from './support.ts';

let chain: Chain;
beforeAll(async () => {
  chain = await startChain();
});
afterAll(() => chain.close());

const ids = (events: Json[]): string[] => events.map((e) => e['id'] as string);

describe('a citizen moves', () => {
  it('reaches CAF and CPAM with consent, DGFiP by law, not France Travail; revocation holds; the access log shows exactly that and verifies', async () => {
    const camille = await chain.citizen(['local', 'family', 'health', 'tax', 'employment']);
    // Camille consents to CAF and CPAM receiving her new address.
    for (const agency of ['caf', 'cpam']) {
      const granted = await chain.call(
        chain.consent.url,
        'POST',
        '/v1/me/consents',
        camille.token,
        {
          purpose: 'address-update',
          recipient: chain.id(agency),
          categories: ['address'],
        },
      );
      expect(granted.status).toBe(201);
    }
    const cafConsent = (
      await chain.call(chain.consent.url, 'GET', '/v1/me/consents', camille.token)
    ).body.consents.find((c: Json) => c['recipient'] === chain.id('caf'));

    // The mairie publishes the move once.
    const mairie = await chain.agencyToken('mairie-lyon');
    const first = await chain.call(
      chain.gateway.url,
      'POST',
      '/v1/events/fr.gouv.residence.AddressChanged',
      mairie,
      { subject: camille.pseudonyms['local'], data: address('69002') },
    );
    expect(first.status).toBe(202);
    const firstId = first.body.id as string;

    const caf = await waitFor(
      async () => (await chain.inbox('caf')).find((e) => e['id'] === firstId),
      { what: 'CAF to receive the move', timeoutMs: 30_000 },
    );
    const cpam = await waitFor(
      async () => (await chain.inbox('cpam')).find((e) => e['id'] === firstId),
      { what: 'CPAM to receive the move' },
    );
    const dgfip = await waitFor(
      async () => (await chain.inbox('dgfip')).find((e) => e['id'] === firstId),
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
    // France Travail has no consent and no subscription: nothing.
    expect(ids(await chain.inbox('france-travail'))).not.toContain(firstId);

    // Camille revokes CAF's consent (one call); the next move reaches CPAM and not CAF.
    expect(
      (
        await chain.call(
          chain.consent.url,
          'DELETE',
          `/v1/me/consents/${cafConsent['id']}`,
          camille.token,
        )
      ).status,
    ).toBe(200);
    const second = await chain.call(
      chain.gateway.url,
      'POST',
      '/v1/events/fr.gouv.residence.AddressChanged',
      mairie,
      { subject: camille.pseudonyms['local'], data: address('69003') },
    );
    const secondId = second.body.id as string;
    await waitFor(async () => (await chain.inbox('cpam')).find((e) => e['id'] === secondId), {
      what: 'CPAM to receive the second move',
    });
    await waitFor(async () => (await chain.inbox('dgfip')).find((e) => e['id'] === secondId), {
      what: 'DGFiP to receive the second move',
    });
    expect(ids(await chain.inbox('caf'))).not.toContain(secondId);
    expect(chain.router.stats.denials.revoked).toBeGreaterThanOrEqual(1);

    // Her access log: exactly those five deliveries.
    const log = await waitFor(
      async () => {
        const res = await chain.call(chain.consent.url, 'GET', '/v1/me/access-log', camille.token);
        return res.body.records.length >= 5 ? (res.body.records as Json[]) : undefined;
      },
      { what: 'five access records' },
    );
    const seen = log.map((r) => `${r['recipient'].id ?? r['recipient']} ${r['legalBasis']}`).sort();
    expect(seen).toEqual(
      [
        `${chain.id('caf')} consent`,
        `${chain.id('cpam')} consent`,
        `${chain.id('cpam')} consent`,
        `${chain.id('dgfip')} legal-obligation`,
        `${chain.id('dgfip')} legal-obligation`,
      ].sort(),
    );
    const audit = await auditAccessLog(testKafka(), chain.serde, chain.topics.accessLog);
    expect(audit.problems).toEqual([]);
    expect(audit.partitions.reduce((n, p) => n + p.records, 0)).toBeGreaterThanOrEqual(5);
  });

  it('sends a DeathDeclared from the état civil to the pension fund, CAF and CPAM by law', async () => {
    const josette = await chain.citizen(['civil-status', 'family', 'health', 'pensions']);
    const etatCivil = await chain.agencyToken('etat-civil');
    const res = await chain.call(
      chain.gateway.url,
      'POST',
      '/v1/events/fr.gouv.civilstatus.DeathDeclared',
      etatCivil,
      {
        subject: josette.pseudonyms['civil-status'],
        data: {
          dateOfDeath: '2026-11-10',
          communeOfDeathCode: '69123',
          declaredAt: '2026-11-10T16:00:00Z',
        },
      },
    );
    expect(res.status).toBe(202);
    for (const [agency, sector] of [
      ['cnav', 'pensions'],
      ['caf', 'family'],
      ['cpam', 'health'],
    ] as const) {
      const got = await waitFor(
        async () => (await chain.inbox(agency)).find((e) => e['id'] === res.body.id),
        { what: `${agency} to learn of the death` },
      );
      expect(got).toMatchObject({
        legalBasis: 'legal-obligation',
        subject: josette.pseudonyms[sector],
        data: { dateOfDeath: '2026-11-10' },
      });
    }
  });
});

describe('a revocation racing a burst of events', () => {
  it('lets no event appended after the revocation reach the revoked agency', async () => {
    const yanis = await chain.citizen(['local', 'family', 'health', 'tax']);
    const granted = await chain.call(chain.consent.url, 'POST', '/v1/me/consents', yanis.token, {
      purpose: 'address-update',
      recipient: chain.id('caf'),
      categories: ['address'],
    });
    const consentId = granted.body.consent.id as string;
    const mairie = await chain.agencyToken('mairie-lyon');
    const publish = (i: number) =>
      chain.call(chain.gateway.url, 'POST', '/v1/events/fr.gouv.residence.AddressChanged', mairie, {
        subject: yanis.pseudonyms['local'],
        data: address(String(69000 + i)),
      });
    // 40 events in flight, the revocation in the middle of them.
    const burst = Array.from({ length: 40 }, (_, i) => publish(i));
    await Promise.all(burst.slice(0, 15));
    const revoked = chain.call(
      chain.consent.url,
      'DELETE',
      `/v1/me/consents/${consentId}`,
      yanis.token,
    );
    const answers = await Promise.all(burst);
    expect((await revoked).status).toBe(200);
    const eventIds = answers.map((a) => a.body.id as string);
    // Wait until CPAM-like legal-obligation recipient DGFiP has them all: the router processed them.
    await waitFor(
      async () => {
        const got = new Set(ids(await chain.inbox('dgfip')));
        return eventIds.every((id) => got.has(id));
      },
      { what: 'the router to process the burst', timeoutMs: 60_000 },
    );

    // The broker's order: the revocation record's append time vs each event's.
    const kafka = testKafka();
    const consentRecords = (await readTopic(kafka, chain.topics.consents, 1, 10_000)).length;
    const docs = await readTopic(kafka, chain.topics.consents, consentRecords, 10_000);
    const all = await waitFor(
      async () => {
        const got = await readTopic(kafka, chain.topics.consents, docs.length, 10_000);
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
    const eventRecords = await waitFor(
      async () => {
        const got = (await readTopic(kafka, 'relais.events.residence', 1, 10_000)).length;
        const records = await readTopic(kafka, 'relais.events.residence', got, 10_000);
        const mine = records.filter((r) => eventIds.includes(r.headers['ce_id'] ?? ''));
        return mine.length === eventIds.length ? mine : undefined;
      },
      { what: 'the burst on the events topic', timeoutMs: 30_000 },
    );
    const appendedAt = new Map(eventRecords.map((r) => [r.headers['ce_id'] ?? '', r.timestamp]));
    const cafGot = ids(await chain.inbox('caf')).filter((id) => eventIds.includes(id));
    // Nothing appended at or after the revocation reached CAF; everything before it did.
    for (const id of cafGot)
      expect(appendedAt.get(id)!, `event ${id} delivered to CAF`).toBeLessThan(revokedAt);
    const before = eventIds.filter((id) => appendedAt.get(id)! < revokedAt);
    expect(cafGot.sort()).toEqual(before.sort());
    const after = eventIds.length - before.length;
    console.log(
      `race: ${before.length} events before the revocation reached CAF, ${after} after it were refused`,
    );
    expect(chain.router.stats.denials.revoked).toBeGreaterThan(0);
  });
});
