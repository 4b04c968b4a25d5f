// The facts and steps tests across services repeat. Dates count from the harness clock, so a
// suite holds whatever day it runs on (`npm test` runs it again a year ahead under faketime).
import { calendar, type TestClock } from '@relais/testkit';
import type { Citizen, Relais } from './relais.ts';

/** A JSON answer or event, read loosely as tests do. */
export type Json = Record<string, any>;

/** Contract payloads dated relative to `clock`. */
export function factsOn(clock: TestClock) {
  const on = calendar(clock);
  return {
    /** `fr.gouv.residence.AddressChanged`: a move within Lyon a month ago, declared the next day. */
    move: (postcode = '69002', cityCode = '69382') => ({
      street: '12 rue de la République',
      additionalLine: null,
      postcode,
      cityCode,
      city: 'LYON',
      countryCode: 'FR',
      effectiveDate: on.date(-27),
      moveKind: 'WITHIN_COMMUNE',
      declaredAt: on.instant(-26),
    }),
    /** `fr.gouv.family.HouseholdCompositionChanged`: one applicant and their dependent children. */
    household: (birthDate = '1990-05-14', children: string[] = []) => ({
      effectiveDate: on.date(-88),
      reason: 'OTHER',
      members: [
        { role: 'APPLICANT', birthDate, dependent: false },
        ...children.map((b) => ({ role: 'CHILD', birthDate: b, dependent: true })),
      ],
    }),
    /** `fr.gouv.tax.IncomeAssessed`: one declarant's reference tax income, in euro cents. */
    income: (cents: number, taxYear = on.year(-1), birthDate = '1990-05-14') => ({
      taxYear,
      referenceTaxIncomeCents: cents,
      taxSharesQuarters: 4,
      members: [{ role: 'DECLARANT', birthDate, sharedResidence: false }],
      assessmentDate: on.date(-119),
    }),
    /** `fr.gouv.civilstatus.DeathDeclared`: yesterday, declared the same day. */
    death: (communeOfDeathCode = '69123') => ({
      dateOfDeath: on.date(-1),
      communeOfDeathCode,
      declaredAt: on.instant(-1),
    }),
  };
}

export type Facts = ReturnType<typeof factsOn>;

/** Publishes one event through the gateway as `agency`; answers the event id. */
export async function publish(
  relais: Relais,
  agency: string,
  contract: string,
  subject: string,
  data: Json,
  time?: string,
): Promise<string> {
  const res = await relais.call(
    relais.gateway.url,
    'POST',
    `/v1/events/${contract}`,
    await relais.agencyToken(agency),
    { subject, data, ...(time ? { time } : {}) },
  );
  if (res.status !== 202) throw new Error(`publish: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** Grants the citizen's consent to Relais for proactive eligibility; answers the consent id. */
export async function consentToEligibility(relais: Relais, token: string): Promise<string> {
  const res = await relais.call(relais.consent.url, 'POST', '/v1/me/consents', token, {
    purpose: 'proactive-eligibility',
    recipient: relais.id('relais'),
    categories: ['address', 'family', 'income', 'employment', 'disability', 'education'],
  });
  if (res.status !== 201) throw new Error(`consent: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.consent.id as string;
}

/** The mairie records the citizen's move and the CAF their household (one adult). */
export async function publishHome(relais: Relais, c: Citizen): Promise<void> {
  await publish(
    relais,
    'mairie-lyon',
    'fr.gouv.residence.AddressChanged',
    c.pseudonyms['local'] as string,
    relais.facts.move(),
  );
  await publish(
    relais,
    'caf',
    'fr.gouv.family.HouseholdCompositionChanged',
    c.pseudonyms['family'] as string,
    relais.facts.household(),
  );
}

/** The DGFiP assesses the citizen's income (for `taxYear`, at the event time `time` if given). */
export function publishIncome(
  relais: Relais,
  c: Citizen,
  cents: number,
  taxYear?: number,
  time?: string,
): Promise<string> {
  return publish(
    relais,
    'dgfip',
    'fr.gouv.tax.IncomeAssessed',
    c.pseudonyms['tax'] as string,
    relais.facts.income(cents, taxYear),
    time,
  );
}

/** What an evaluation needs: the move, the household and an income of `incomeCents`. */
export async function publishFacts(relais: Relais, c: Citizen, incomeCents: number): Promise<void> {
  await publishHome(relais, c);
  await publishIncome(relais, c, incomeCents);
}
