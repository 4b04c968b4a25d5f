// The routing decision without Kafka: deny by default, legal basis, consent at the event's
// position (required, revoked, expired), minimisation, unknown agencies, every denial counted.
import { describe, expect, it } from 'vitest';
import {
  asAgencyId,
  asEventId,
  asSubscriptionId,
  decideConsent,
  exampleMove,
  loadCatalog,
  type ConsentDocument,
  type ConsentEntry,
  type Subscription,
} from '@relais/contracts';
import { accessId, accessRecords } from '../src/domain/access-record.ts';
import { project, route, type Denial, type Routing } from '../src/domain/route.ts';
import { routingTable } from '../src/domain/routing-table.ts';
import { countRouted, emptyStats } from '../src/domain/stats.ts';

const table = routingTable(loadCatalog().catalog);
const ADDRESS = 'fr.gouv.residence.AddressChanged';
const DEATH = 'fr.gouv.civilstatus.DeathDeclared';
const eventTime = new Date('2026-11-02T09:30:00Z');

function consentOf(overrides: Partial<ConsentEntry>): ConsentEntry {
  return {
    id: 'consent-1',
    purpose: 'address-update',
    recipient: 'caf',
    categories: ['address'],
    grantedAt: '2026-01-01T00:00:00.000Z',
    expiresAt: null,
    revokedAt: null,
    channel: 'PORTAL',
    ...overrides,
  };
}

const document = (...consents: ConsentEntry[]): ConsentDocument => ({
  version: 1,
  consents,
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/** Routes one event of `contract` against the real catalog, with this consent state. */
function routeWith(
  contract: string,
  doc: ConsentDocument | undefined,
  subscriptions = table.subscriptionsOf(contract),
): Routing {
  return route({
    contract,
    subscriptions,
    categoryOf: (field) => table.categoryOf(contract, field),
    sectorOf: (agency) => table.sectorOf(agency),
    consent: (need) => decideConsent(doc, need, eventTime),
  });
}

const delivered = (r: Routing) => r.deliveries.map((d) => d.agency).sort();
const denied = (r: Routing) =>
  Object.fromEntries(r.denials.map((d) => [d.agency ?? '(none)', d.code]));

describe('routing', () => {
  it('denies by default: a contract without a subscription reaches nobody, and says so', () => {
    const r = routeWith('fr.gouv.relais.ConsentGranted', undefined);
    expect(r.deliveries).toEqual([]);
    expect(r.denials).toEqual([
      {
        code: 'no-subscription',
        agency: null,
        subscription: null,
        detail: 'fr.gouv.relais.ConsentGranted has no subscriber',
      },
    ]);
  });

  it('needs a consent where the legal basis is consent; a legal obligation needs none', () => {
    const r = routeWith(ADDRESS, undefined);
    expect(delivered(r)).toEqual(['dgfip']);
    expect(denied(r)).toEqual({ caf: 'no-consent', cpam: 'no-consent', relais: 'no-consent' });
    const dgfip = r.deliveries[0];
    expect(dgfip).toMatchObject({ legalBasis: 'legal-obligation', consentId: null, sector: 'tax' });
  });

  it('never asks for consent under a legal obligation', () => {
    const r = route({
      contract: DEATH,
      subscriptions: table.subscriptionsOf(DEATH),
      categoryOf: (field) => table.categoryOf(DEATH, field),
      sectorOf: (agency) => table.sectorOf(agency),
      consent: () => {
        throw new Error('consent asked for a legal obligation');
      },
    });
    expect(delivered(r)).toEqual(['caf', 'cnav', 'cpam']);
    expect(r.denials).toEqual([]);
    expect(r.deliveries.every((d) => d.consentId === null)).toBe(true);
  });

  it('delivers under a valid consent, to its recipient or its sector, naming the consent', () => {
    const r = routeWith(
      ADDRESS,
      document(
        consentOf({ id: 'to-caf' }),
        consentOf({ id: 'to-health', recipient: 'sector:health' }),
      ),
    );
    expect(delivered(r)).toEqual(['caf', 'cpam', 'dgfip']);
    expect(denied(r)).toEqual({ relais: 'no-consent' });
    const consentOfAgency = Object.fromEntries(r.deliveries.map((d) => [d.agency, d.consentId]));
    expect(consentOfAgency).toEqual({ caf: 'to-caf', cpam: 'to-health', dgfip: null });
  });

  it('refuses a consent for another purpose or that does not cover the categories', () => {
    const otherPurpose = routeWith(ADDRESS, document(consentOf({ purpose: 'benefit-review' })));
    expect(denied(otherPurpose)['caf']).toBe('no-consent');
    const otherCategories = routeWith(ADDRESS, document(consentOf({ categories: ['income'] })));
    expect(denied(otherCategories)['caf']).toBe('no-consent');
    expect(otherCategories.denials.find((d) => d.agency === 'caf')?.detail).toContain(
      'does not cover address',
    );
  });

  it('refuses under a revoked consent', () => {
    const r = routeWith(ADDRESS, document(consentOf({ revokedAt: '2026-10-01T00:00:00.000Z' })));
    expect(denied(r)['caf']).toBe('revoked');
    expect(delivered(r)).toEqual(['dgfip']);
  });

  it('refuses under a consent expired at the event, not under one expiring after it', () => {
    const expired = routeWith(
      ADDRESS,
      document(consentOf({ expiresAt: '2026-11-02T09:29:59.999Z' })),
    );
    expect(denied(expired)['caf']).toBe('expired');
    const later = routeWith(
      ADDRESS,
      document(consentOf({ expiresAt: '2026-11-02T09:30:00.001Z' })),
    );
    expect(delivered(later)).toEqual(['caf', 'dgfip']);
  });

  it('minimises each delivery to its subscription fields', () => {
    const r = routeWith(
      ADDRESS,
      document(consentOf({ recipient: 'relais', purpose: 'proactive-eligibility' })),
    );
    const toRelais = r.deliveries.find((d) => d.agency === 'relais');
    expect(toRelais?.fields).toEqual(['postcode', 'cityCode', 'effectiveDate']);
    const event = {
      ...exampleMove(),
      effectiveDate: '2026-11-01',
      declaredAt: '2026-11-02T09:30:00Z',
    };
    expect(project(event, toRelais?.fields ?? [])).toEqual({
      postcode: '69002',
      cityCode: '69382',
      effectiveDate: '2026-11-01',
    });
    const toDgfip = r.deliveries.find((d) => d.agency === 'dgfip');
    expect(Object.keys(project(event, toDgfip?.fields ?? []))).toEqual([
      'street',
      'additionalLine',
      'postcode',
      'cityCode',
      'city',
      'effectiveDate',
    ]);
    // A field the subscription allows but the event lacks is not invented.
    expect(project({ postcode: '69002' }, ['postcode', 'city'])).toEqual({ postcode: '69002' });
  });

  it('refuses a subscriber that is not a declared agency, and still serves the others', () => {
    const ghost: Subscription = {
      ...(table.subscriptionsOf(DEATH)[0] as Subscription),
      id: 'ghost-death-notification',
      agency: 'ghost',
    };
    const r = routeWith(DEATH, undefined, [ghost, ...table.subscriptionsOf(DEATH)]);
    expect(r.denials).toEqual([
      {
        code: 'unknown-agency',
        agency: 'ghost',
        subscription: 'ghost-death-notification',
        detail: 'agency ghost is not declared',
      },
    ]);
    expect(delivered(r)).toEqual(['caf', 'cnav', 'cpam']);
  });
});

describe('counting', () => {
  it('counts every event and every denial by code, and by agency when there is one', () => {
    const stats = emptyStats();
    const outcomes: Denial[][] = [
      routeWith('fr.gouv.relais.ConsentGranted', undefined).denials,
      routeWith(ADDRESS, undefined).denials,
      routeWith(ADDRESS, document(consentOf({ revokedAt: '2026-10-01T00:00:00.000Z' }))).denials,
      routeWith(ADDRESS, document(consentOf({ expiresAt: '2026-01-02T00:00:00.000Z' }))).denials,
      [
        {
          code: 'unknown-agency',
          agency: asAgencyId('ghost'),
          subscription: asSubscriptionId('ghost-death-notification'),
          detail: 'agency ghost is not declared',
        },
      ],
    ];
    for (const denials of outcomes) countRouted(stats, denials);
    expect(stats.events).toBe(5);
    expect(stats.denials).toEqual({
      'no-subscription': 1,
      // caf, cpam and relais without a consent, then cpam and relais twice more.
      'no-consent': 7,
      revoked: 1,
      expired: 1,
      'unknown-agency': 1,
    });
    expect(stats.denialsByAgency).toEqual({
      caf: { 'no-consent': 1, revoked: 1, expired: 1 },
      cpam: { 'no-consent': 3 },
      relais: { 'no-consent': 3 },
      ghost: { 'unknown-agency': 1 },
    });
    expect(stats.deliveries).toBe(0);
  });
});

describe('access records', () => {
  it('one per delivery, with the legal basis as the contract spells it and a stable id', () => {
    const r = routeWith(ADDRESS, document(consentOf({ id: 'to-caf' })));
    const contract = table.contract(ADDRESS);
    if (!contract) throw new Error('no AddressChanged in the catalog');
    const id = asEventId('evt-1');
    const records = accessRecords({ id, contract }, r.deliveries, eventTime, 'trace-1');
    expect(
      records.map((a) => [a.recipient, a.legalBasis, a.consentId, a.purpose, a.traceId]),
    ).toEqual([
      ['caf', 'CONSENT', 'to-caf', 'address-update', 'trace-1'],
      ['dgfip', 'LEGAL_OBLIGATION', null, 'address-update', 'trace-1'],
    ]);
    expect(records[0]?.accessId).toBe(accessId(id, asAgencyId('caf')));
    expect(records[0]?.accessId).not.toBe(accessId(id, asAgencyId('dgfip')));
    expect(records[0]).toMatchObject({
      eventId: 'evt-1',
      contract: ADDRESS,
      recordedAt: eventTime,
    });
  });
});
