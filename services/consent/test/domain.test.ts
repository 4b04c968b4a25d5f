// The pure consent transformations, with a clock and ids handed in.
import { describe, expect, it } from 'vitest';
import { asConsentId, loadCatalog } from '@relais/contracts';
import { fixedClock } from '@relais/kit';
import {
  consentPolicy,
  grantConsent,
  newestFirst,
  revokeConsent,
  statusOf,
  validateGrant,
} from '../src/domain/consents.ts';

const policy = consentPolicy(loadCatalog().catalog);
const clock = fixedClock('2026-11-02T09:30:00Z');
let n = 0;
const newId = () => asConsentId(`c-${++n}`);

describe('consent domain', () => {
  it('knows the consent purposes, agencies and sectors of the catalog', () => {
    expect(policy.purposes.has('address-update')).toBe(true);
    expect(policy.purposes.has('death-notification')).toBe(false); // legal obligation only
    expect(policy.agencies.has('caf')).toBe(true);
    expect(policy.sectors.has('health')).toBe(true);
  });

  it('validates every field at once', () => {
    expect(
      validateGrant(
        {
          purpose: 'marketing',
          recipient: 'sector:moon',
          categories: ['address', 'astrology'],
          expiresAt: '2026-11-01T00:00:00+02:00',
        },
        policy,
        clock.now(),
      ).map((p) => p.field),
    ).toEqual(['/body/purpose', '/body/recipient', '/body/categories/1', '/body/expiresAt']);
    expect(
      validateGrant(
        { purpose: 'care-coverage', recipient: 'sector:health', categories: ['health'] },
        policy,
        clock.now(),
      ),
    ).toEqual([]);
  });

  it('grants, revokes once, and lists newest first', () => {
    const a = grantConsent(
      undefined,
      { purpose: 'address-update', recipient: 'caf', categories: ['address', 'identity'] },
      { clock, newId },
    );
    expect(a.consent).toMatchObject({
      categories: ['identity', 'address'],
      channel: 'PORTAL',
      grantedAt: '2026-11-02T09:30:00.000Z',
      expiresAt: null,
    });
    clock.advance(1000);
    const b = grantConsent(
      a.document,
      {
        purpose: 'care-coverage',
        recipient: 'cpam',
        categories: ['health'],
        expiresAt: '2026-11-02T10:30:00+01:00',
      },
      { clock, newId },
    );
    expect(b.consent.expiresAt).toBe('2026-11-02T09:30:00.000Z');
    expect(statusOf(b.consent, clock.now())).toBe('expired');
    expect(newestFirst(b.document).map((c) => c.id)).toEqual([b.consent.id, a.consent.id]);

    const revoked = revokeConsent(b.document, a.consent.id, clock);
    if (revoked.code !== 'revoked') throw new Error(revoked.code);
    expect(revoked.consent.revokedAt).toBe('2026-11-02T09:30:01.000Z');
    expect(revoked.document.consents[1]).toEqual(b.consent);
    expect(revokeConsent(revoked.document, a.consent.id, clock).code).toBe('unchanged');
    expect(revokeConsent(revoked.document, asConsentId('nope'), clock).code).toBe('not-found');
    expect(revokeConsent(undefined, a.consent.id, clock).code).toBe('not-found');
  });
});
