// Facts opened to proactive eligibility → profiles → determinations, on the real broker with the
// whole chain (gateway, consent, router) in front: consented facts become explained
// determinations, once; without the consent, nothing reaches the service.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '@relais/contracts';
import { parameterBook, valueAt, type Parameter } from '@relais/eligibility/domain';
import { createKafka, fixedClock, headersToStrings } from '@relais/kit';
import { calendar, uniqueName, waitFor } from '@relais/testkit';
import {
  consentToEligibility,
  publishFacts,
  publishHome,
  publishIncome,
  startRelais,
  type Json,
  type Relais,
} from '../src/index.ts';

let relais: Relais;
beforeAll(async () => {
  relais = await startRelais({ eligibility: true });
});
afterAll(() => relais?.close());

// The free-CSS ceiling, as the running service reads it (the book's parameters are shared).
const plafondBase = parameterBook().get('css.plafond_base') as Parameter<number>;

async function citizenWithFacts(opts: { consent: boolean; incomeCents: number }) {
  const c = await relais.citizen(['local', 'family', 'tax', 'relais']);
  if (opts.consent) await consentToEligibility(relais, c.token);
  await publishFacts(relais, c, opts.incomeCents);
  return c;
}

const outcomes = (ds: Array<{ value: Json }>) =>
  ds.map((d) => `${d.value['outcome']}${d.value['variant'] ? `:${d.value['variant']}` : ''}`);

describe('eligibility from facts opened to it', () => {
  it('an IncomeAssessed under the CSS ceiling gives exactly one new determination, explained', async () => {
    const c = await citizenWithFacts({ consent: true, incomeCents: 2_500_000 });
    const pseudonym = c.pseudonyms['relais'] as string;
    await waitFor(() => relais.eligibility.of(pseudonym, 'CSS').length >= 1, {
      what: 'the first CSS determination',
      timeoutMs: 30_000,
    });
    expect(outcomes(relais.eligibility.of(pseudonym, 'CSS'))).toEqual(['NOT_ELIGIBLE']);

    // Income drops: 9,000 € for one person, under the free CSS ceiling (10,339 € from April 2025).
    await publishIncome(relais, c, 900_000, relais.on.year());
    await waitFor(() => relais.eligibility.of(pseudonym, 'CSS').length >= 2, {
      what: 'the CSS eligibility',
    });
    const [, eligible] = relais.eligibility.of(pseudonym, 'CSS');
    expect(eligible?.value).toMatchObject({
      benefit: 'CSS',
      outcome: 'LIKELY_ELIGIBLE',
      variant: 'free',
      ruleVersion: expect.stringMatching(/^css-/),
      period: expect.stringMatching(/^\d{4}$/),
    });
    const free = (eligible?.value['explanation'] as Json[]).find(
      (e) => e['conditionId'] === 'css.free-ceiling',
    );
    expect(free).toMatchObject({
      satisfied: true,
      parameter: expect.stringContaining('css.plafond_base'),
    });
    expect(free?.['observedValue']).toContain('resources=900000');
    expect(free?.['observedValue']).toContain('persons=1');
    expect(free?.['parameterFrom']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(free?.['source']).toMatch(/openfisca|arrêté/);
    // No personal identifier in the headers; the key is the Relais-sector pseudonym.
    expect(JSON.stringify(eligible?.headers)).not.toContain(c.pivot);
    expect(eligible?.headers['ce_type']).toBe('fr.gouv.relais.EntitlementDetermined');

    // The same income again (a re-sent notice) is applied, re-evaluated, and determines nothing:
    // evaluation runs with the application, so the stored outcome is checked once it is applied.
    // The eligible determination's own id; the topic may hold it before the engine has stored its
    // outcome and counted it, so both are waited for before the snapshot.
    const last = eligible?.value['decisionId'] as string;
    await waitFor(
      () => relais.eligibility.service.store.find(pseudonym)?.outcomes['CSS']?.decisionId === last,
      { what: 'the eligible outcome stored' },
    );
    const determined = JSON.stringify(relais.eligibility.service.stats.determinations);
    const applied = relais.eligibility.service.stats.eventsApplied;
    await publishIncome(relais, c, 900_000, relais.on.year());
    await waitFor(() => relais.eligibility.service.stats.eventsApplied > applied, {
      what: 'the re-sent income to be applied',
    });
    // Everything published so far read: a determination of the re-sent income would be there.
    await relais.eligibility.readAll();
    expect(relais.eligibility.service.store.find(pseudonym)?.outcomes['CSS']?.decisionId).toBe(
      last,
    );
    expect(JSON.stringify(relais.eligibility.service.stats.determinations)).toBe(determined);
    expect(relais.eligibility.of(pseudonym, 'CSS')).toHaveLength(2);
  });

  it('a citizen without the proactive-eligibility consent gets nothing, not even a profile', async () => {
    const before = relais.eligibility.service.store.size();
    const refused = () =>
      relais.router.service.stats.denialsByAgency[relais.id('relais')]?.['no-consent'] ?? 0;
    const denied = refused();
    const c = await citizenWithFacts({ consent: false, incomeCents: 500_000 });
    // The router judged its three facts for Relais and refused them: nothing is on its way.
    await waitFor(() => refused() >= denied + 3, { what: 'the router to refuse the three facts' });
    await relais.eligibility.readAll();
    expect(relais.eligibility.of(c.pseudonyms['relais'] as string)).toHaveLength(0);
    expect(relais.eligibility.service.store.find(c.pseudonyms['relais'] as string)).toBeUndefined();
    expect(relais.eligibility.service.store.size()).toBe(before);
  });

  it('facts arriving out of order are resolved by their event time', async () => {
    const c = await relais.citizen(['local', 'family', 'tax', 'relais']);
    await consentToEligibility(relais, c.token);
    const pseudonym = c.pseudonyms['relais'] as string;
    await publishHome(relais, c);
    // The newer assessment (low income) arrives first, the older one (high income) after.
    await publishIncome(relais, c, 800_000, relais.on.year(), relais.on.instant(-88));
    await waitFor(() => relais.eligibility.of(pseudonym, 'CSS').length >= 1, {
      what: 'a CSS determination',
    });
    const applied = relais.eligibility.service.stats.eventsUnchanged;
    await publishIncome(relais, c, 4_000_000, relais.on.year(-1), relais.on.instant(-453));
    await waitFor(() => relais.eligibility.service.stats.eventsUnchanged > applied, {
      what: 'the older assessment to be read and ignored',
    });
    // Everything published so far read: a determination of the older assessment would be there.
    await relais.eligibility.readAll();
    expect(outcomes(relais.eligibility.of(pseudonym, 'CSS'))).toEqual(['LIKELY_ELIGIBLE:free']);
  });

  it('a withdrawn consent erases the profile', async () => {
    const c = await citizenWithFacts({ consent: true, incomeCents: 700_000 });
    const pseudonym = c.pseudonyms['relais'] as string;
    await waitFor(() => relais.eligibility.of(pseudonym, 'CSS').length >= 1, {
      what: 'a determination',
    });
    const consents = await relais.call(relais.consent.url, 'GET', '/v1/me/consents', c.token);
    const id = (consents.body.consents as Json[]).find(
      (x) => x['purpose'] === 'proactive-eligibility',
    )?.['id'];
    const before = relais.eligibility.service.stats.forgotten;
    const res = await relais.call(relais.consent.url, 'DELETE', `/v1/me/consents/${id}`, c.token);
    expect(res.status).toBeLessThan(300);
    await waitFor(() => relais.eligibility.service.stats.forgotten > before, {
      what: 'the profile erased',
    });
    expect(relais.eligibility.service.store.find(pseudonym)).toBeUndefined();
  });

  it('a restart, even one that lost its files, publishes nothing twice and keeps every profile', async () => {
    const c = await citizenWithFacts({ consent: true, incomeCents: 600_000 });
    const pseudonym = c.pseudonyms['relais'] as string;
    await waitFor(() => relais.eligibility.of(pseudonym, 'CSS').length >= 1, {
      what: 'a determination',
    });
    // Every determination before the restarts read, so what follows is what they published.
    const count = (await relais.eligibility.readAll()).length;
    const profiles = relais.eligibility.service.store.size();
    await relais.eligibility.restart();
    expect(relais.eligibility.service.store.size()).toBe(profiles);
    // Lose the files: the profiles come back from the changelog.
    await relais.eligibility.stop();
    rmSync(relais.eligibility.options().dataDir, { recursive: true, force: true });
    await relais.eligibility.start();
    expect(existsSync(path.join(relais.eligibility.options().dataDir, 'profiles-p0.sqlite'))).toBe(
      true,
    );
    expect(relais.eligibility.service.store.size()).toBe(profiles);
    // New facts still flow, old ones are not determined again.
    await publishIncome(relais, c, 5_000_000, relais.on.year());
    await waitFor(() => relais.eligibility.of(pseudonym, 'CSS').length >= 2, {
      what: 'the new determination',
    });
    // Everything published so far read: a determination published twice would be there.
    await relais.eligibility.readAll();
    // Only what the new fact changed, for this citizen (CSS and whatever other benefit it moved),
    // and no decision published twice.
    const after = relais.eligibility.determined.slice(count);
    expect(after.every((d) => d.key === pseudonym)).toBe(true);
    expect(after.filter((d) => d.value['benefit'] === 'CSS')).toHaveLength(1);
    const ids = relais.eligibility.determined.map((d) => d.value['decisionId']);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('a parameter change dated in the future', () => {
  it('applies only from its date; the campaign re-evaluates everyone', async () => {
    // An instance of its own, whose clock stands five years ahead, the eve of a new free-CSS
    // ceiling (a date so far ahead that no other test, on today's clock, sees the value).
    const ahead = calendar(fixedClock(`${relais.on.date(5 * 365)}T10:00:00Z`));
    const eve = ahead.date();
    const from = ahead.date(1);
    const clock = fixedClock(`${eve}T10:00:00Z`);
    // The ceiling in force on the eve, whichever value the book holds for it.
    const ceiling = valueAt(plafondBase, eve)?.value as number;
    const raised = ceiling + 200_000;
    const another = await relais.eligibility.startAnother({
      clock,
      groupPrefix: uniqueName('relais-test-eligibility-future'),
      dataDir: path.join(relais.dataDir, 'eligibility-future'),
      entitlementsTopic: uniqueName('relais.entitlements.future'),
      changelogTopic: uniqueName('relais.eligibility.profiles.future'),
      scheduleEveryMs: 200,
      addedParameters: [
        {
          parameter: 'css.plafond_base',
          from,
          value: raised,
          source: 'test: a revaluation published for the day after the eve',
        },
      ],
    });
    try {
      // Income between the ceiling in force and the new one: with contribution now, free from the date.
      const c = await relais.citizen(['local', 'family', 'tax', 'relais']);
      await consentToEligibility(relais, c.token);
      const pseudonym = c.pseudonyms['relais'] as string;
      await publishHome(relais, c);
      await publishIncome(relais, c, ceiling + 100_000, ahead.year(-2));
      const find = () => another.store.find(pseudonym);
      await waitFor(() => find()?.outcomes['CSS'], { what: 'the CSS outcome on the eve' });
      expect(find()?.outcomes['CSS']).toMatchObject({
        outcome: 'eligible',
        variant: 'with-contribution',
      });

      // Operators cannot run a campaign for a date still to come.
      const operator = relais.operatorToken();
      const early = await relais.call(another.url, 'POST', '/v1/campaigns', operator, {
        on: from,
      });
      expect(early.status).toBe(400);
      expect(JSON.stringify(early.body)).toContain('/body/on');
      expect((await relais.call(another.url, 'POST', '/v1/campaigns', undefined, {})).status).toBe(
        401,
      );

      // The day comes: the service starts the campaign by itself; it applies the new ceiling to everyone.
      clock.advance(86_400_000);
      const done = await waitFor(
        async () => {
          const list = await relais.call(another.url, 'GET', '/v1/campaigns', operator);
          return (list.body.campaigns as Json[]).find((c) => c['status'] === 'done');
        },
        { what: 'the scheduled campaign to finish' },
      );
      expect(done).toMatchObject({
        on: from,
        reason: `parameters from ${from}`,
        total: another.store.size(),
      });
      expect(done['done']).toBe(done['total']);
      expect(done['changed']).toBeGreaterThanOrEqual(1);
      expect(find()?.outcomes['CSS']).toMatchObject({ outcome: 'eligible', variant: 'free' });
      // An operator's campaign the same day finds nothing more to change.
      const again = await relais.call(another.url, 'POST', '/v1/campaigns', operator, {});
      expect(again.status).toBe(202);
      const second = await waitFor(
        async () => {
          const c2 = await relais.call(
            another.url,
            'GET',
            `/v1/campaigns/${again.body.id}`,
            operator,
          );
          return c2.body.status === 'done' ? c2.body : undefined;
        },
        { what: 'the second campaign to finish' },
      );
      expect(second.changed).toBe(0);
      // The book shows the new value with its date and source.
      const book = await relais.call(another.url, 'GET', '/v1/parameters');
      const p = (book.body.parameters as Json[]).find((x) => x['id'] === 'css.plafond_base');
      expect((p?.['values'] as Json[]).at(-1)).toMatchObject({ from, value: raised });
    } finally {
      await another.close();
      const at = plafondBase.values.findIndex((v) => v.from === from);
      if (at >= 0) plafondBase.values.splice(at, 1);
    }
  });
});

describe('a poison record on Relais deliveries', () => {
  it('goes to the dead-letter topic with its reason and origin; the consumer moves on', async () => {
    const topic = topics.deliveries.name(relais.id('relais'));
    const kafka = createKafka({
      brokers: relais.brokers,
      clientId: 'eligibility-poison-test',
      logger: relais.logger,
    });
    const producer = kafka.producer();
    await producer.connect();
    const [meta] = await producer.send({
      topic,
      messages: [{ key: 'not-a-delivery', value: 'neither Avro nor an envelope' }],
    });
    await producer.disconnect();
    const dead: Array<Record<string, string>> = [];
    const reader = kafka.consumer({ groupId: uniqueName('dlq-reader'), maxWaitTimeInMs: 100 });
    await reader.connect();
    await reader.subscribe({ topic: topics.deadLetters.name('eligibility'), fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        dead.push(headersToStrings(message.headers));
      },
    });
    try {
      const found = await waitFor(
        () =>
          dead.find(
            (h) =>
              h['relais_dlq_topic'] === topic &&
              h['relais_dlq_partition'] === String(meta?.partition) &&
              h['relais_dlq_offset'] === String(meta?.baseOffset),
          ),
        { what: 'the dead letter', timeoutMs: 30_000 },
      );
      expect(found['relais_dlq_reason']).toMatch(/envelope/);
      expect(found['relais_dlq_group']).toContain('.facts');
      // A good fact after it is still read.
      const c = await citizenWithFacts({ consent: true, incomeCents: 650_000 });
      await waitFor(
        () => relais.eligibility.of(c.pseudonyms['relais'] as string, 'CSS').length >= 1,
        {
          what: 'a determination after the poison record',
        },
      );
    } finally {
      await reader.disconnect();
    }
  });
});
