// Branded ids: what the catalog and the envelope hold parses; what does not is refused, naming
// the id and the expectation.
import { describe, expect, it } from 'vitest';
import {
  IdError,
  loadCatalog,
  parseAgencyId,
  parseConsentId,
  parseEventId,
  parseNoticeId,
  parseSubscriptionId,
  type AgencyId,
  type ConsentId,
} from '../src/index.ts';

const { catalog } = loadCatalog();

describe('branded ids', () => {
  it("parses the catalog's agency and subscription ids", () => {
    for (const a of catalog.agencies) expect(parseAgencyId(a.id)).toBe(a.id);
    for (const s of catalog.subscriptions) expect(parseSubscriptionId(s.id)).toBe(s.id);
  });

  it('parses event, consent and notice ids as the envelope and the notifier write them', () => {
    const uuid = '0b9f6c3e-3c1d-4c55-9a53-2f4f1f2b7c10';
    expect(parseEventId(uuid)).toBe(uuid);
    expect(parseConsentId(uuid)).toBe(uuid);
    expect(parseNoticeId('1a2b3c4d-5e6f-8a1b-a2c3-4d5e6f7a8b9c')).toBe(
      '1a2b3c4d-5e6f-8a1b-a2c3-4d5e6f7a8b9c',
    );
  });

  it('refuses what is not an id, naming the id and what was expected', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => parseAgencyId('Mairie Lyon'), 'agency id: expected lower-case words'],
      [() => parseAgencyId('caf-'), 'agency id: expected lower-case words'],
      [() => parseAgencyId(42), 'agency id: expected'],
      [() => parseSubscriptionId(''), 'subscription id: expected'],
      [() => parseEventId(''), 'event id: expected a non-empty id of at most 128 characters'],
      [() => parseConsentId('x'.repeat(129)), 'consent id: expected a non-empty id'],
      [() => parseNoticeId('../letters'), 'notice id: expected letters, digits'],
    ];
    for (const [parse, message] of cases) {
      expect(parse).toThrow(IdError);
      expect(parse).toThrow(message);
    }
  });

  it('keeps one kind of id from standing for another', () => {
    const agency: AgencyId = parseAgencyId('caf');
    // @ts-expect-error an agency id is not a consent id
    const consent: ConsentId = agency;
    expect(consent).toBe('caf');
  });
});
