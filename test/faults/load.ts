// The campaign's load: citizens enrolled in their sectors, consents granted (some revoked mid-run),
// and publications by several agencies over the gateway's HTTP API — moves for everyone, household
// and income facts for the citizens who opened their data to Relais, low enough for a CSS notice.
// Every publication carries an Idempotency-Key and is retried until the gateway acknowledges it;
// what was acknowledged is what the checker holds Relais to.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CITIZEN_AUDIENCES } from '@relais/consent/auth';
import { asPseudonym, newPivot, PseudonymDirectory, pseudonymKeyIn } from '@relais/identity';
import type { Pivot } from '@relais/identity';
import { createKafka, createProducer, systemClock, type Logger } from '@relais/kit';
import { tokenSigner } from '@relais/portal';
import { call, type Agency, type Answer, type Json } from './clients.ts';
import type { Random } from './nemesis.ts';

export const ADDRESS = 'fr.gouv.residence.AddressChanged';
export const HOUSEHOLD = 'fr.gouv.family.HouseholdCompositionChanged';
export const INCOME = 'fr.gouv.tax.IncomeAssessed';
const SECTORS = ['local', 'family', 'tax', 'relais', 'portal'];
const ALL_CATEGORIES = ['address', 'family', 'income', 'employment', 'disability', 'education'];

/** Who a citizen is in the campaign: which consents they give, and when they take them back. */
export type Profile = 'consents' | 'revokes' | 'none';

const day = (offset: number): Date => new Date(systemClock.now().getTime() + offset * 86_400_000);
const date = (offset: number): string => day(offset).toISOString().slice(0, 10);

/** The facts, dated from today (as the harness's fixtures date theirs from its clock). */
const facts = {
  move: (seq: number) => ({
    street: `${seq} rue de la Campagne`,
    additionalLine: null,
    postcode: String(69001 + (seq % 9)),
    cityCode: '69382',
    city: 'LYON',
    countryCode: 'FR',
    effectiveDate: date(-27),
    moveKind: 'WITHIN_COMMUNE',
    declaredAt: day(-26).toISOString(),
  }),
  household: () => ({
    effectiveDate: date(-88),
    reason: 'OTHER',
    members: [{ role: 'APPLICANT', birthDate: '1990-05-14', dependent: false }],
  }),
  income: (cents: number) => ({
    taxYear: systemClock.now().getUTCFullYear(),
    referenceTaxIncomeCents: cents,
    taxSharesQuarters: 4,
    members: [{ role: 'DECLARANT', birthDate: '1990-05-14', sharedResidence: false }],
    assessmentDate: date(-119),
  }),
};

export interface CampaignCitizen {
  index: number;
  pivot: Pivot;
  pseudonyms: Record<string, string>;
  profile: Profile;
  /** Opened their data to Relais (proactive-eligibility): facts and a notice expected. */
  proactive: boolean;
}

export interface Publication {
  seq: number;
  agency: string;
  contract: string;
  citizen: number;
  /** The event id the gateway acknowledged (202), or undefined when it never did. */
  eventId: string | undefined;
  status: number;
  attempts: number;
  ackAt: number;
}

export interface LoadDeps {
  gatewayUrl: string;
  consentUrl: string;
  notifierUrl: string;
  keysDir: string;
  dataDir: string;
  brokers: string[];
  logger: Logger;
  agencies: Record<'mairie-lyon' | 'caf' | 'dgfip', Agency>;
  random: Random;
}

export class Load {
  readonly citizens: CampaignCitizen[] = [];
  readonly publications: Publication[] = [];
  readonly revocations: Array<{ citizen: number; at: number; consents: number }> = [];
  private seq = 0;
  private signer: Awaited<ReturnType<typeof tokenSigner>> | undefined;

  private readonly deps: LoadDeps;
  constructor(deps: LoadDeps) {
    this.deps = deps;
  }

  /** Enrols `count` citizens (one record per sector on relais.pseudonyms). */
  async enrol(count: number): Promise<void> {
    this.signer = await tokenSigner(this.deps.keysDir, systemClock);
    const kafka = createKafka({
      brokers: this.deps.brokers,
      clientId: 'relais-faults-enrol',
      logger: this.deps.logger,
    });
    const producer = createProducer(kafka);
    await producer.connect();
    const directory = new PseudonymDirectory({
      kafka,
      producer,
      logger: this.deps.logger,
      key: pseudonymKeyIn(this.deps.keysDir),
      dataDir: path.join(this.deps.dataDir, 'enrol'),
      instance: 'faults',
    });
    await directory.start();
    try {
      for (let index = 0; index < count; index += 1) {
        const pivot = newPivot();
        const pseudonyms = await directory.enrol(pivot, SECTORS);
        const profile: Profile = (['consents', 'revokes', 'none'] as const)[index % 3] ?? 'none';
        this.citizens.push({ index, pivot, pseudonyms, profile, proactive: index % 2 === 0 });
      }
    } finally {
      await directory.stop();
      await producer.disconnect();
    }
  }

  async citizenToken(c: CampaignCitizen, audience: 'consent' | 'notifier'): Promise<string> {
    if (!this.signer) throw new Error('enrol() first');
    return this.signer.sign({
      pseudonym: asPseudonym(c.pseudonyms['portal'] ?? ''),
      acr: 'eidas1',
      audience: CITIZEN_AUDIENCES[audience],
    });
  }

  private async asCitizen(
    c: CampaignCitizen,
    base: string,
    audience: 'consent' | 'notifier',
    method: string,
    p: string,
    body?: unknown,
  ): Promise<Answer> {
    for (let tries = 0; ; tries += 1) {
      const res = await call(base, method, p, await this.citizenToken(c, audience), body);
      // 401: the service's pseudonym directory has not read the enrolment yet (or it restarts).
      const retry = res.status === 0 || res.status >= 500 || res.status === 401;
      if (!retry || tries > 200) return res;
      await sleep(300);
    }
  }

  /** The citizen's notices as the notifier shows them to the portal. */
  async notices(c: CampaignCitizen): Promise<Json[]> {
    const res = await this.asCitizen(c, this.deps.notifierUrl, 'notifier', 'GET', '/v1/me/notices');
    return res.status === 200 ? (res.body['notices'] as Json[]) : [];
  }

  private async consents(c: CampaignCitizen): Promise<Json[]> {
    const res = await this.asCitizen(c, this.deps.consentUrl, 'consent', 'GET', '/v1/me/consents');
    if (res.status !== 200) throw new Error(`consents of citizen ${c.index}: ${res.status}`);
    return res.body['consents'] as Json[];
  }

  /** Grants until the consent service shows it active (a lost answer may have written it). */
  async ensureConsent(c: CampaignCitizen, purpose: string, recipient: string): Promise<void> {
    for (;;) {
      const active = (await this.consents(c)).some(
        (k) => k['purpose'] === purpose && k['recipient'] === recipient && !k['revokedAt'],
      );
      if (active) return;
      const res = await this.asCitizen(
        c,
        this.deps.consentUrl,
        'consent',
        'POST',
        '/v1/me/consents',
        {
          purpose,
          recipient,
          categories: purpose === 'address-update' ? ['address'] : ALL_CATEGORIES,
        },
      );
      if (res.status === 201) return;
      if (res.status !== 503)
        throw new Error(`consent of citizen ${c.index}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }

  /** Revokes every active address-update consent of the citizen, until none is left. */
  async revokeAll(c: CampaignCitizen): Promise<void> {
    let revoked = 0;
    for (;;) {
      const active = (await this.consents(c)).filter(
        (k) => k['purpose'] === 'address-update' && !k['revokedAt'],
      );
      if (!active.length) break;
      for (const k of active) {
        const res = await this.asCitizen(
          c,
          this.deps.consentUrl,
          'consent',
          'DELETE',
          `/v1/me/consents/${String(k['id'])}`,
        );
        if (res.status === 200) revoked += 1;
      }
    }
    this.revocations.push({ citizen: c.index, at: Date.now(), consents: revoked });
  }

  /** Before the faults: the consents of every citizen who gives them. */
  async grantConsents(): Promise<void> {
    for (const c of this.citizens) {
      if (c.profile !== 'none') {
        await this.ensureConsent(c, 'address-update', 'caf');
        await this.ensureConsent(c, 'address-update', 'cpam');
      }
      if (c.proactive) await this.ensureConsent(c, 'proactive-eligibility', 'relais');
    }
  }

  /** One publication, retried with its Idempotency-Key until the gateway answers it. */
  async publish(
    agencyId: keyof LoadDeps['agencies'],
    contract: string,
    c: CampaignCitizen,
    sector: string,
    data: Json,
  ): Promise<Publication> {
    this.seq += 1;
    const seq = this.seq;
    const res = await this.deps.agencies[agencyId].request(
      'POST',
      `/v1/events/${contract}`,
      { subject: c.pseudonyms[sector], data },
      { 'idempotency-key': `faults-${seq}` },
    );
    const publication: Publication = {
      seq,
      agency: agencyId,
      contract,
      citizen: c.index,
      eventId: res.status === 202 ? String(res.body['id']) : undefined,
      status: res.status,
      attempts: res.attempts,
      ackAt: Date.now(),
    };
    this.publications.push(publication);
    return publication;
  }

  /** A move of citizen `c`; the street names the publication, so a second event of it shows. */
  move(c: CampaignCitizen): Promise<Publication> {
    return this.publish('mairie-lyon', ADDRESS, c, 'local', facts.move(this.seq + 1));
  }

  /** Household and a low income: the CSS for which Relais should send one notice. */
  async proactiveFacts(c: CampaignCitizen): Promise<void> {
    await this.publish('caf', HOUSEHOLD, c, 'family', facts.household());
    await this.publish('dgfip', INCOME, c, 'tax', facts.income(900_000));
  }

  /**
   * The load until `until`: `workers` loops publishing moves of random citizens; each proactive
   * citizen's facts once, spread over the first half; each revoking citizen revokes at a random
   * moment of the middle of the run.
   */
  async run(until: number, workers = 3): Promise<void> {
    const { random } = this.deps;
    const span = until - Date.now();
    const plan = this.citizens.flatMap((c) => {
      const steps: Array<{ at: number; what: () => Promise<unknown> }> = [];
      if (c.proactive)
        steps.push({
          at: Date.now() + random.next() * span * 0.5,
          what: () => this.proactiveFacts(c),
        });
      if (c.profile === 'revokes')
        steps.push({
          at: Date.now() + (0.25 + random.next() * 0.5) * span,
          what: () => this.revokeAll(c),
        });
      return steps;
    });
    const planned = Promise.all(
      plan.map(async (s) => {
        await sleep(Math.max(0, s.at - Date.now()));
        await s.what();
      }),
    );
    const loops = Array.from({ length: workers }, async () => {
      while (Date.now() < until) {
        const c = this.citizens[random.int(this.citizens.length)];
        if (c) await this.move(c);
        await sleep(100 + random.int(200));
      }
    });
    await Promise.all([planned, ...loops]);
  }
}
