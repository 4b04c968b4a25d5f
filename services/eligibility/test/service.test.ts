// Facts opened to proactive eligibility → profiles → determinations, on the real broker with the
// whole chain (gateway, consent, router) in front.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka, fixedClock, headersToStrings } from '@relais/kit';
import { calendar, uniqueName, waitFor } from '@relais/testkit';
import { valueAt } from '../src/domain/parameters.ts';
import { plafondBase } from '../src/domain/rules/css.ts';
import {
  consentToEligibility,
  household,
  income,
  move,
  on,
  publish,
  startWithEligibility,
  type Json,
  type World,
} from './support.ts';

let world: World;
beforeAll(async () => {
  world = await startWithEligibility();
});
afterAll(() => world.close());

const INCOME = 'fr.gouv.tax.IncomeAssessed';
const HOUSEHOLD = 'fr.gouv.family.HouseholdCompositionChanged';
const ADDRESS = 'fr.gouv.residence.AddressChanged';

async function citizenWithFacts(opts: { consent: boolean; incomeCents: number }) {
  const c = await world.chain.citizen(['local', 'family', 'tax', 'relais']);
  if (opts.consent) await consentToEligibility(world, c.token);
  await publish(world, 'mairie-lyon', ADDRESS, c.pseudonyms['local'] as string, move());
  await publish(world, 'caf', HOUSEHOLD, c.pseudonyms['family'] as string, household());
  await publish(world, 'dgfip', INCOME, c.pseudonyms['tax'] as string, income(opts.incomeCents));
  return c;
}

const outcomes = (ds: Array<{ value: Json }>) =>
  ds.map((d) => `${d.value['outcome']}${d.value['variant'] ? `:${d.value['variant']}` : ''}`);

describe('eligibility from facts opened to it', () => {
  it('an IncomeAssessed under the CSS ceiling gives exactly one new determination, explained', async () => {
    const c = await citizenWithFacts({ consent: true, incomeCents: 2_500_000 });
    const relais = c.pseudonyms['relais'] as string;
    await waitFor(() => world.of(relais, 'CSS').length >= 1, {
      what: 'the first CSS determination',
      timeoutMs: 30_000,
    });
    expect(outcomes(world.of(relais, 'CSS'))).toEqual(['NOT_ELIGIBLE']);

    // Income drops: 9,000 € for one person, under the free CSS ceiling (10,339 € from April 2025).
    await publish(
      world,
      'dgfip',
      INCOME,
      c.pseudonyms['tax'] as string,
      income(900_000, on.year()),
    );
    await waitFor(() => world.of(relais, 'CSS').length >= 2, { what: 'the CSS eligibility' });
    const [, eligible] = world.of(relais, 'CSS');
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
    const last = world.eligibility.store.find(relais)?.outcomes['CSS']?.decisionId;
    const determined = JSON.stringify(world.eligibility.stats.determinations);
    const applied = world.eligibility.stats.eventsApplied;
    await publish(
      world,
      'dgfip',
      INCOME,
      c.pseudonyms['tax'] as string,
      income(900_000, on.year()),
    );
    await waitFor(() => world.eligibility.stats.eventsApplied > applied, {
      what: 'the re-sent income to be applied',
    });
    expect(world.eligibility.store.find(relais)?.outcomes['CSS']?.decisionId).toBe(last);
    expect(JSON.stringify(world.eligibility.stats.determinations)).toBe(determined);
    expect(world.of(relais, 'CSS')).toHaveLength(2);
  });

  it('a citizen without the proactive-eligibility consent gets nothing, not even a profile', async () => {
    const before = world.eligibility.store.size();
    const refused = () =>
      world.chain.router.stats.denialsByAgency[world.chain.id('relais')]?.['no-consent'] ?? 0;
    const denied = refused();
    const c = await citizenWithFacts({ consent: false, incomeCents: 500_000 });
    // The router judged its three facts for Relais and refused them: nothing is on its way.
    await waitFor(() => refused() >= denied + 3, { what: 'the router to refuse the three facts' });
    expect(world.of(c.pseudonyms['relais'] as string)).toHaveLength(0);
    expect(world.eligibility.store.find(c.pseudonyms['relais'] as string)).toBeUndefined();
    expect(world.eligibility.store.size()).toBe(before);
  });

  it('facts arriving out of order are resolved by their event time', async () => {
    const c = await world.chain.citizen(['local', 'family', 'tax', 'relais']);
    await consentToEligibility(world, c.token);
    const relais = c.pseudonyms['relais'] as string;
    await publish(world, 'mairie-lyon', ADDRESS, c.pseudonyms['local'] as string, move());
    await publish(world, 'caf', HOUSEHOLD, c.pseudonyms['family'] as string, household());
    // The newer assessment (low income) arrives first, the older one (high income) after.
    await publish(
      world,
      'dgfip',
      INCOME,
      c.pseudonyms['tax'] as string,
      income(800_000, on.year()),
      on.instant(-88),
    );
    await waitFor(() => world.of(relais, 'CSS').length >= 1, { what: 'a CSS determination' });
    const applied = world.eligibility.stats.eventsUnchanged;
    await publish(
      world,
      'dgfip',
      INCOME,
      c.pseudonyms['tax'] as string,
      income(4_000_000, on.year(-1)),
      on.instant(-453),
    );
    await waitFor(() => world.eligibility.stats.eventsUnchanged > applied, {
      what: 'the older assessment to be read and ignored',
    });
    expect(outcomes(world.of(relais, 'CSS'))).toEqual(['LIKELY_ELIGIBLE:free']);
  });

  it('a withdrawn consent erases the profile', async () => {
    const c = await citizenWithFacts({ consent: true, incomeCents: 700_000 });
    const relais = c.pseudonyms['relais'] as string;
    await waitFor(() => world.of(relais, 'CSS').length >= 1, { what: 'a determination' });
    const consents = await world.chain.call(
      world.chain.consent.url,
      'GET',
      '/v1/me/consents',
      c.token,
    );
    const id = (consents.body.consents as Json[]).find(
      (x) => x['purpose'] === 'proactive-eligibility',
    )?.['id'];
    const before = world.eligibility.stats.forgotten;
    const res = await world.chain.call(
      world.chain.consent.url,
      'DELETE',
      `/v1/me/consents/${id}`,
      c.token,
    );
    expect(res.status).toBeLessThan(300);
    await waitFor(() => world.eligibility.stats.forgotten > before, { what: 'the profile erased' });
    expect(world.eligibility.store.find(relais)).toBeUndefined();
  });

  it('a restart, even one that lost its files, publishes nothing twice and keeps every profile', async () => {
    const c = await citizenWithFacts({ consent: true, incomeCents: 600_000 });
    const relais = c.pseudonyms['relais'] as string;
    await waitFor(() => world.of(relais, 'CSS').length >= 1, { what: 'a determination' });
    const count = world.determined.length;
    const profiles = world.eligibility.store.size();
    await world.restart();
    expect(world.eligibility.store.size()).toBe(profiles);
    // Lose the files: the profiles come back from the changelog.
    await world.eligibility.close();
    rmSync(world.options().dataDir, { recursive: true, force: true });
    await world.restart();
    expect(existsSync(path.join(world.options().dataDir, 'profiles-p0.sqlite'))).toBe(true);
    expect(world.eligibility.store.size()).toBe(profiles);
    // New facts still flow, old ones are not determined again.
    await publish(
      world,
      'dgfip',
      INCOME,
      c.pseudonyms['tax'] as string,
      income(5_000_000, on.year()),
    );
    await waitFor(() => world.of(relais, 'CSS').length >= 2, { what: 'the new determination' });
    // Only what the new fact changed, for this citizen (CSS and whatever other benefit it moved),
    // and no decision published twice.
    const after = world.determined.slice(count);
    expect(after.every((d) => d.key === relais)).toBe(true);
    expect(after.filter((d) => d.value['benefit'] === 'CSS')).toHaveLength(1);
    const ids = world.determined.map((d) => d.value['decisionId']);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('a parameter change dated in the future', () => {
  it('applies only from its date; the campaign re-evaluates everyone', async () => {
    // An instance of its own, whose clock stands five years ahead, the eve of a new free-CSS
    // ceiling (a date so far ahead that no other test, on today's clock, sees the value).
    const ahead = calendar(fixedClock(`${on.date(5 * 365)}T10:00:00Z`));
    const eve = ahead.date();
    const from = ahead.date(1);
    const clock = fixedClock(`${eve}T10:00:00Z`);
    // The ceiling in force on the eve, whichever value the book holds for it.
    const ceiling = valueAt(plafondBase, eve)?.value as number;
    const raised = ceiling + 200_000;
    const another = await world.startAnother({
      clock,
      groupPrefix: uniqueName('relais-test-eligibility-future'),
      dataDir: path.join(world.chain.dataDir, 'eligibility-future'),
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
      const c = await world.chain.citizen(['local', 'family', 'tax', 'relais']);
      await consentToEligibility(world, c.token);
      const relais = c.pseudonyms['relais'] as string;
      await publish(world, 'mairie-lyon', ADDRESS, c.pseudonyms['local'] as string, move());
      await publish(world, 'caf', HOUSEHOLD, c.pseudonyms['family'] as string, household());
      await publish(
        world,
        'dgfip',
        INCOME,
        c.pseudonyms['tax'] as string,
        income(ceiling + 100_000, ahead.year(-2)),
      );
      const find = () => another.store.find(relais);
      await waitFor(() => find()?.outcomes['CSS'], { what: 'the CSS outcome on the eve' });
      expect(find()?.outcomes['CSS']).toMatchObject({
        outcome: 'eligible',
        variant: 'with-contribution',
      });

      // Operators cannot run a campaign for a date still to come.
      const operator = readFileSync(
        path.join(world.chain.keysDir, 'operator.token'),
        'utf8',
      ).trim();
      const early = await world.chain.call(another.url, 'POST', '/v1/campaigns', operator, {
        on: from,
      });
      expect(early.status).toBe(400);
      expect(JSON.stringify(early.body)).toContain('/body/on');
      expect(
        (await world.chain.call(another.url, 'POST', '/v1/campaigns', undefined, {})).status,
      ).toBe(401);

      // The day comes: the service starts the campaign by itself; it applies the new ceiling to everyone.
      clock.advance(86_400_000);
      const done = await waitFor(
        async () => {
          const list = await world.chain.call(another.url, 'GET', '/v1/campaigns', operator);
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
      const again = await world.chain.call(another.url, 'POST', '/v1/campaigns', operator, {});
      expect(again.status).toBe(202);
      const second = await waitFor(
        async () => {
          const c2 = await world.chain.call(
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
      const book = await world.chain.call(another.url, 'GET', '/v1/parameters');
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
    const topic = `relais.deliveries.${world.chain.id('relais')}`;
    const kafka = createKafka({
      brokers: world.options().brokers,
      clientId: 'eligibility-poison-test',
      logger: world.chain.logger,
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
    await reader.subscribe({ topic: 'relais.dlq.eligibility', fromBeginning: true });
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
      await waitFor(() => world.of(c.pseudonyms['relais'] as string, 'CSS').length >= 1, {
        what: 'a determination after the poison record',
      });
    } finally {
      await reader.disconnect();
    }
  });
});
