import { describe, expect, it } from 'vitest';
import {
  createEnvelope,
  envelopeFromHeaders,
  envelopeToHeaders,
  EnvelopeError,
  fixedClock,
  PoisonRecordError,
} from '../src/index.ts';

const deps = { clock: fixedClock('2026-03-01T10:00:00.000Z'), ids: () => 'evt-1' };

describe('CloudEvents binary-mode envelope', () => {
  it('round-trips through ce_* headers', () => {
    const envelope = createEnvelope(
      {
        source: 'urn:relais:agency:mairie-lyon',
        type: 'fr.gouv.residence.AddressChanged',
        purpose: 'address-update',
        legalbasis: 'consent',
        consentid: 'consent-42',
      },
      deps,
    );
    const headers = envelopeToHeaders(envelope);
    expect(headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: 'evt-1',
      ce_source: 'urn:relais:agency:mairie-lyon',
      ce_type: 'fr.gouv.residence.AddressChanged',
      ce_time: '2026-03-01T10:00:00.000Z',
      'content-type': 'application/avro',
      ce_purpose: 'address-update',
      ce_legalbasis: 'consent',
      ce_consentid: 'consent-42',
    });
    expect(envelopeFromHeaders(headers)).toEqual(envelope);
  });

  it('names each bad header and what it expected, as a poison-record error', () => {
    let error: unknown;
    try {
      envelopeFromHeaders({
        ce_specversion: '0.3',
        ce_source: 'not a uri',
        ce_type: 'AddressChanged',
        ce_time: 'yesterday',
        'content-type': 'application/avro',
        ce_legalbasis: 'consent',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EnvelopeError);
    expect(error).toBeInstanceOf(PoisonRecordError);
    const problems = (error as EnvelopeError).problems;
    expect(problems.map((p) => p.header)).toEqual([
      'ce_specversion',
      'ce_id',
      'ce_source',
      'ce_type',
      'ce_time',
      'ce_consentid',
    ]);
    expect((error as EnvelopeError).reason).toBe('envelope.invalid');
    expect((error as Error).message).toContain('ce_time: expected an RFC 3339 timestamp');
  });

  it('refuses to write an invalid envelope', () => {
    expect(() =>
      envelopeToHeaders({ ...createEnvelope({ source: 'urn:x', type: 'bad' }, deps) }),
    ).toThrow(/ce_type/);
  });
});
