import { describe, expect, it } from 'vitest';
import {
  parseSignatureHeader,
  signatureHeader,
  signPayload,
  verifySignature,
} from '../src/webhooks/signature.ts';

const secret = 'whsec_0123456789abcdef0123456789abcdef';
const body = '{"id":"evt-1","type":"fr.relais.test","data":{"n":1}}';
const t = 1_760_000_000;

describe('webhook signatures', () => {
  it('signs `${t}.${body}` with HMAC-SHA256 into the t=…,v1=… header', () => {
    const sig = signPayload(secret, t, body);
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(signatureHeader(secret, t, body)).toBe(`t=${t},v1=${sig}`);
    expect(signPayload(secret, t, Buffer.from(body))).toBe(sig);
    expect(parseSignatureHeader(`t=${t},v1=${sig}`)).toEqual({ timestamp: t, signatures: [sig] });
  });

  it('verifies a round trip within the tolerance', () => {
    const header = signatureHeader(secret, t, body);
    expect(verifySignature(header, secret, body, t)).toBe(true);
    expect(verifySignature(header, secret, body, t + 299)).toBe(true);
    expect(verifySignature(header, secret, Buffer.from(body), t - 299)).toBe(true);
  });

  it('rejects a wrong secret', () => {
    const header = signatureHeader(secret, t, body);
    expect(verifySignature(header, `${secret}x`, body, t)).toBe(false);
  });

  it('rejects a tampered body', () => {
    const header = signatureHeader(secret, t, body);
    expect(verifySignature(header, secret, body.replace('"n":1', '"n":2'), t)).toBe(false);
    expect(verifySignature(header, secret, `${body} `, t)).toBe(false);
  });

  it('rejects a stale or future timestamp (replay), even with a valid signature', () => {
    const header = signatureHeader(secret, t, body);
    expect(verifySignature(header, secret, body, t + 301)).toBe(false);
    expect(verifySignature(header, secret, body, t - 301)).toBe(false);
    expect(verifySignature(header, secret, body, t + 3600, 7200)).toBe(true);
  });

  it('rejects a timestamp changed after signing', () => {
    const sig = signPayload(secret, t, body);
    expect(verifySignature(`t=${t + 1},v1=${sig}`, secret, body, t)).toBe(false);
  });

  it('rejects missing and malformed headers', () => {
    const sig = signPayload(secret, t, body);
    for (const header of [undefined, '', 'garbage', `v1=${sig}`, `t=${t}`, `t=${t},v1=zz`]) {
      expect(verifySignature(header, secret, body, t)).toBe(false);
    }
    expect(verifySignature([`t=${t},v1=${sig}`], secret, body, t)).toBe(false);
  });

  it('accepts any matching v1 (secret rotation)', () => {
    const other = signPayload('another-secret-another-secret-xx', t, body);
    const header = `t=${t},v1=${other},v1=${signPayload(secret, t, body)}`;
    expect(verifySignature(header, secret, body, t)).toBe(true);
  });
});
