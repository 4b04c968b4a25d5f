// The chain (registry, gateway, consent, router) from the router's tests, plus the eligibility
// service on unique topics, and a live reader of its determinations.
import path from 'node:path';
import { createKafka, headersToStrings, systemClock, type Clock } from '@relais/kit';
import { calendar, kafkaBrokers, uniqueName } from '@relais/testkit';
import type { Consumer } from 'kafkajs';
import { startChain, type Chain, type Json } from '../../router/test/support.ts';
import {
  startEligibility,
  type EligibilityOptions,
  type RunningEligibility,
} from '../src/index.ts';

export { type Chain, type Json };

export interface Determined {
  key: string;
  value: Json;
  headers: Record<string, string>;
}

export async function startWithEligibility() {
  const chain = await startChain();
  const topics = {
    entitlements: uniqueName('relais.entitlements'),
    changelog: uniqueName('relais.eligibility.profiles'),
  };
  const groupPrefix = uniqueName('relais-test-eligibility');
  const options = (overrides: Partial<EligibilityOptions> = {}): EligibilityOptions => ({
    brokers: kafkaBrokers(),
    logger: chain.logger,
    registryUrl: chain.registry.url,
    keysDir: chain.keysDir,
    dataDir: path.join(chain.dataDir, 'eligibility'),
    host: '127.0.0.1',
    port: 0,
    agency: chain.id('relais'),
    groupPrefix,
    consentsTopic: chain.topics.consents,
    entitlementsTopic: topics.entitlements,
    changelogTopic: topics.changelog,
    ...overrides,
  });
  let eligibility: RunningEligibility = await startEligibility(options());

  // Every determination, decoded, as it is published.
  const determined: Determined[] = [];
  const kafka = createKafka({
    brokers: kafkaBrokers(),
    clientId: 'eligibility-test-reader',
    logger: chain.logger,
  });
  const reader: Consumer = kafka.consumer({
    groupId: uniqueName('entitlements-reader'),
    maxWaitTimeInMs: 100,
  });
  await reader.connect();
  await reader.subscribe({ topic: topics.entitlements, fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      const { value } = await chain.serde.decode<Json>(message.value);
      const headers = headersToStrings(message.headers);
      determined.push({ key: message.key?.toString() ?? '', value, headers });
    },
  });

  return {
    chain,
    topics,
    options,
    determined,
    get eligibility() {
      return eligibility;
    },
    of: (pseudonym: string, benefit?: string) =>
      determined.filter(
        (d) => d.key === pseudonym && (benefit === undefined || d.value['benefit'] === benefit),
      ),
    async restart(overrides: Partial<EligibilityOptions> = {}): Promise<void> {
      await eligibility.close();
      eligibility = await startEligibility(options(overrides));
    },
    async startAnother(overrides: Partial<EligibilityOptions> & { clock?: Clock }) {
      return startEligibility(options(overrides));
    },
    async close(): Promise<void> {
      await reader.disconnect();
      await eligibility.close().catch(() => undefined);
      await chain.close();
    },
  };
}

export type World = Awaited<ReturnType<typeof startWithEligibility>>;

/** Grants the citizen's consent to Relais for proactive eligibility. */
export async function consentToEligibility(world: World, token: string): Promise<string> {
  const { chain } = world;
  const res = await chain.call(chain.consent.url, 'POST', '/v1/me/consents', token, {
    purpose: 'proactive-eligibility',
    recipient: chain.id('relais'),
    categories: ['address', 'family', 'income', 'employment', 'disability', 'education'],
  });
  if (res.status !== 201) throw new Error(`consent: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export async function publish(
  world: World,
  agency: string,
  contract: string,
  subject: string,
  data: Json,
  time?: string,
): Promise<string> {
  const { chain } = world;
  const res = await chain.call(
    chain.gateway.url,
    'POST',
    `/v1/events/${contract}`,
    await chain.agencyToken(agency),
    { subject, data, ...(time ? { time } : {}) },
  );
  if (res.status !== 202) throw new Error(`publish: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/**
 * The chain's clock — the system clock, which the broker's log-append time shares — and dates
 * relative to it: facts are always recent, whatever day the suite runs on.
 */
export const clock: Clock = systemClock;
export const on = calendar(clock);

export const household = (birthDate = '1990-05-14', children: string[] = []) => ({
  effectiveDate: on.date(-88),
  reason: 'OTHER',
  members: [
    { role: 'APPLICANT', birthDate, dependent: false },
    ...children.map((b) => ({ role: 'CHILD', birthDate: b, dependent: true })),
  ],
});

export const income = (cents: number, taxYear = on.year(-1), birthDate = '1990-05-14') => ({
  taxYear,
  referenceTaxIncomeCents: cents,
  taxSharesQuarters: 4,
  members: [{ role: 'DECLARANT', birthDate, sharedResidence: false }],
  assessmentDate: on.date(-119),
});

export const move = (cityCode = '69382', postcode = '69002') => ({
  street: '12 rue de la République',
  additionalLine: null,
  postcode,
  cityCode,
  city: 'LYON',
  countryCode: 'FR',
  effectiveDate: on.date(-27),
  moveKind: 'WITHIN_COMMUNE',
  declaredAt: on.instant(-26),
});
