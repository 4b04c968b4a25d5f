// The portal's pure parts: French forms of dates and amounts, the forms' checks, the proof check,
// sessions' expiry, and the tokens it signs as the consent service verifies them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { citizenTokens } from '@relais/consent/auth';
import { loadCatalog } from '@relais/contracts';
import { asPivot, asPseudonym } from '@relais/identity';
import { fixedClock } from '@relais/kit';
import { chainHash } from '@relais/router/chain';
import { tokenSigner } from '../src/adapters/token-signer.ts';
import { formatDate, formatDateTime, formatEuros } from '../src/domain/format.ts';
import {
  checkGrant,
  checkPreferences,
  grantChoices,
  parseDay,
  readPreferences,
} from '../src/domain/forms.ts';
import { checkProof, type AccessProofInput } from '../src/domain/proof.ts';
import { safeNext, sessionExpired, defaultSessionPolicy } from '../src/domain/session.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('French forms', () => {
  it('write dates and amounts with no-break spaces, in Paris time', () => {
    expect(formatDate('2026-11-28T10:00:00Z', 'fr')).toBe('28\u00a0novembre\u00a02026');
    expect(formatDate('2026-11-28T10:00:00Z', 'en')).toBe('28\u00a0November\u00a02026');
    // 23:30 UTC on 31 December is already 1 January in Paris.
    expect(formatDate('2026-12-31T23:30:00Z', 'fr')).toBe('1\u00a0janvier\u00a02027');
    expect(formatDateTime('2026-11-28T13:05:00Z', 'fr')).toBe(
      '28\u00a0novembre\u00a02026\u00a0à 14\u00a0h\u00a005',
    );
    expect(formatEuros(1_033_900, 'fr')).toBe('10\u202f339\u00a0€');
    expect(formatEuros(12_345, 'fr')).toBe('123,45\u00a0€');
  });
});

describe('the grant form', () => {
  const choices = grantChoices(loadCatalog().catalog);
  const ok = { purpose: 'address-update', recipient: 'caf', categories: ['address'], expires: '' };
  const ctx = { today: '2026-11-02', acr: 'eidas1' as const };
  it('reads real dates only, in either form', () => {
    expect(parseDay('28/11/2027')).toBe('2027-11-28');
    expect(parseDay('2027-11-28')).toBe('2027-11-28');
    expect(parseDay('31/02/2027')).toBeUndefined();
    expect(parseDay('tomorrow')).toBeUndefined();
  });
  it('makes the consent request, or names each field', () => {
    expect(checkGrant({ ...ok, expires: '28/11/2027' }, choices, ctx)).toEqual({
      request: {
        purpose: 'address-update',
        recipient: 'caf',
        categories: ['address'],
        expiresAt: '2027-11-29T00:00:00.000Z',
      },
    });
    expect(checkGrant({ ...ok, recipient: 'sector:health' }, choices, ctx)).toHaveProperty(
      'request',
    );
    const bad = checkGrant(
      { purpose: 'marketing', recipient: 'sector:moon', categories: ['x'], expires: '2026-11-02' },
      choices,
      ctx,
    );
    expect('errors' in bad && bad.errors.map((e) => e.message)).toEqual([
      'errPurpose',
      'errRecipient',
      'errCategories',
      'errExpiresPast',
    ]);
    const health = checkGrant({ ...ok, categories: ['health'] }, choices, ctx);
    expect('errors' in health && health.errors[0]?.message).toBe('errCategoryStepUp');
    expect(
      checkGrant({ ...ok, categories: ['health'] }, choices, { ...ctx, acr: 'eidas2' }),
    ).toHaveProperty('request');
  });
});

describe('the preferences form', () => {
  it('asks for the address a letter needs, and keeps lines within 38 characters', () => {
    const letter = checkPreferences(
      readPreferences({
        channels: ['POSTAL_LETTER'],
        language: 'FR',
        name: 'Camille Martin',
        line1: '12 rue de la République',
        line2: '69003 Lyon',
      }),
    );
    expect(letter).toEqual({
      request: {
        channels: ['POSTAL_LETTER'],
        language: 'FR',
        postalAddress: { name: 'Camille Martin', lines: ['12 rue de la République', '69003 Lyon'] },
        paused: false,
      },
    });
    const long = checkPreferences(
      readPreferences({ channels: 'PORTAL', language: 'FR', name: 'x', line1: 'y'.repeat(39) }),
    );
    expect('errors' in long && long.errors).toEqual([
      { field: 'line1', message: 'errAddressLong' },
    ]);
    const none = checkPreferences(readPreferences({ language: 'DE' }));
    expect('errors' in none && none.errors.map((e) => e.field)).toEqual([
      'channels-PORTAL',
      'language-FR',
    ]);
  });
});

describe('the proof check', () => {
  const content = (previousHash: string | null) => ({
    accessId: 'a1',
    eventId: 'e1',
    recipient: 'caf',
    contract: 'fr.gouv.residence.AddressChanged',
    fields: ['street'],
    legalBasis: 'CONSENT',
    consentId: 'c1',
    purpose: 'address-update',
    recordedAt: '2026-11-02T09:30:00.000Z',
    traceId: null,
    previousHash,
  });
  const prev = 'p'.repeat(64);
  const hash = chainHash(content(prev));
  const proof: AccessProofInput = {
    link: { partition: 1, offset: 8, previousHash: prev, hash, content: content(prev) },
    previous: { offset: 7, hash: prev },
    next: { offset: 9, previousHash: hash },
    head: { offset: 12, hash: 'h'.repeat(64) },
  };
  it('holds for an intact record and names each broken part', () => {
    expect(checkProof(proof)).toMatchObject({
      chained: true,
      content: 'ok',
      previous: 'ok',
      next: 'ok',
      valid: true,
    });
    const edited = checkProof({
      ...proof,
      link: { ...proof.link, content: { ...content(prev), fields: ['street', 'city'] } },
    });
    expect(edited).toMatchObject({ content: 'bad', valid: false });
    expect(checkProof({ ...proof, previous: { offset: 7, hash: 'x' } })).toMatchObject({
      previous: 'bad',
      valid: false,
    });
    expect(checkProof({ ...proof, next: { offset: 9, previousHash: 'x' } })).toMatchObject({
      next: 'bad',
      valid: false,
    });
    expect(checkProof({ ...proof, next: null, head: { offset: 8, hash } })).toMatchObject({
      next: 'none',
      valid: true,
    });
    expect(checkProof({ ...proof, link: { ...proof.link, hash: null } })).toMatchObject({
      chained: false,
      valid: false,
    });
  });
});

describe('sessions', () => {
  it('end after the idle or the absolute time; sign-ins under way after ten minutes', () => {
    const p = defaultSessionPolicy;
    const s = (kind: 'citizen' | 'login', createdAt: number, lastSeenAt: number) => ({
      data: { kind } as never,
      createdAt,
      lastSeenAt,
    });
    expect(sessionExpired(s('citizen', 0, 0), p.idleMs, p)).toBe(false);
    expect(sessionExpired(s('citizen', 0, 0), p.idleMs + 1, p)).toBe(true);
    expect(sessionExpired(s('citizen', 0, p.maxMs), p.maxMs + 1, p)).toBe(true);
    expect(sessionExpired(s('login', 0, 0), p.loginMs + 1, p)).toBe(true);
    expect(safeNext('/consents')).toBe('/consents');
    for (const bad of ['//evil.example', 'https://evil.example', '/a?b', undefined])
      expect(safeNext(bad)).toBe('/');
  });
});

describe('citizen access tokens', () => {
  it('verify at the consent service (its audience only), with the acr of the session', async () => {
    const keysDir = mkdtempSync(path.join(tmpdir(), 'relais-portal-keys-'));
    dirs.push(keysDir);
    const clock = fixedClock('2026-11-02T09:30:00Z');
    const signer = await tokenSigner(keysDir, clock);
    const again = await tokenSigner(keysDir, clock);
    expect(again.jwks).toEqual(signer.jwks);
    const consent = citizenTokens({
      audience: 'relais-consent',
      portal: { keysDir },
      directory: { resolve: (_s, p) => (p === 'p-camille' ? asPivot('pivot-c') : undefined) },
      now: () => clock.now(),
    });
    const pseudonym = asPseudonym('p-camille');
    const token = await signer.sign({ pseudonym, acr: 'eidas2', audience: 'relais-consent' });
    await expect(consent.verify(token)).resolves.toEqual({
      pivot: 'pivot-c',
      pseudonym,
      acr: 'eidas2',
    });
    const other = await signer.sign({ pseudonym, acr: 'eidas1', audience: 'relais-notifier' });
    await expect(consent.verify(other)).rejects.toThrow(/claim aud/);
    clock.advance(121_000);
    await expect(consent.verify(token)).rejects.toThrow(/expired/);
  });
});
