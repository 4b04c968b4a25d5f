// Strict reading of the headers Relais decides on (issue 13): CloudEvents attributes and the
// content type are UTF-8 or refused — distinct bytes never become one string — one value each,
// bounded, without control characters, and a record's headers bounded in all.
import { describe, expect, it } from 'vitest';
import {
  envelopeFromRecord,
  envelopeToHeaders,
  type EnvelopeError,
  MAX_HEADER_BYTES,
  readHeaders,
} from '../src/index.ts';

const valid = envelopeToHeaders({
  specversion: '1.0',
  id: 'evt-1',
  source: 'urn:relais:agency:mairie-lyon',
  type: 'fr.gouv.residence.AddressChanged',
  time: '2026-11-02T09:30:00Z',
  datacontenttype: 'application/avro',
});
const bytes = (...b: number[]) => Buffer.from(b);
const problemsOf = (headers: Record<string, Buffer | string | Array<Buffer | string>>) => {
  const read = readHeaders(headers);
  try {
    envelopeFromRecord({ headers: read.headers, headerProblems: read.problems });
    return [];
  } catch (err) {
    return (err as EnvelopeError).problems.map((p) => `${p.header}: ${p.expected}`);
  }
};

describe('readHeaders and envelopeFromRecord', () => {
  it('reads valid headers as they were written, a leading BOM included', () => {
    const read = readHeaders({ ...valid, ce_id: Buffer.from('\uFEFFevt-1'), traceparent: 'x' });
    expect(read.problems).toEqual([]);
    expect(read.headers['ce_id']).toBe('\uFEFFevt-1');
    expect(read.headers['ce_id']).not.toBe('evt-1');
  });

  it('refuses bytes that are not UTF-8 rather than turning them into U+FFFD', () => {
    for (const bad of [
      bytes(0xff),
      bytes(0xc3, 0x28),
      bytes(0xed, 0xa0, 0x80),
      bytes(0xc0, 0xaf),
    ]) {
      expect(problemsOf({ ...valid, ce_id: bad })).toEqual([
        'ce_id: UTF-8 text (the value is not valid UTF-8)',
      ]);
    }
    // Other headers (trace context, dead-letter coordinates) are not decided on: read leniently.
    expect(readHeaders({ ...valid, traceparent: bytes(0xff) }).problems).toEqual([]);
  });

  it('refuses a repeated attribute, control characters, over-long values and bad extension names', () => {
    expect(problemsOf({ ...valid, ce_type: [valid['ce_type']!, 'fr.gouv.x.Y'] })).toEqual([
      'ce_type: one value (it appears 2 times)',
    ]);
    expect(problemsOf({ ...valid, ce_source: 'urn:relais:agency:a\u001b[31m' })[0]).toMatch(
      /^ce_source: .*without control characters$/,
    );
    expect(problemsOf({ ...valid, ce_id: 'x'.repeat(129) })[0]).toMatch(
      /^ce_id: .*at most 128 characters, got 129$/,
    );
    expect(problemsOf({ ...valid, ce_region: 'x'.repeat(257) })).toEqual([
      'ce_region: at most 256 characters, got 257',
    ]);
    expect(problemsOf({ ...valid, ce_region: 'lyon' })).toEqual([]);
    expect(problemsOf({ ...valid, 'ce_Region-1': 'lyon' })).toEqual([
      'ce_Region-1: an extension name of 1 to 20 lowercase letters or digits after ce_',
    ]);
  });

  it('bounds the headers of a record in all', () => {
    expect(problemsOf({ ...valid, 'x-pad': 'y'.repeat(MAX_HEADER_BYTES) })).toEqual([
      expect.stringMatching(/^headers: at most 8,192 bytes of headers in all, got \d/),
    ]);
  });
});
