// The console's pure parts: who enters (the operator role in verified claims), the forms' checks
// naming their fields, Paris time in fields, ages.
import { loadConfig } from '../src/config.ts';
import { consoleWebSettings } from '../src/web-config.ts';
import { describe, expect, it } from 'vitest';
import { parseForm } from '@relais/web';
import { dateToParisLocal, formatAge, parisLocalToDate } from '../src/domain/format.ts';
import {
  checkDiscardReason,
  checkFilter,
  checkFlowSearch,
  checkSelection,
  DEAD_LETTER_ID,
  readFilter,
  readFlowSearch,
} from '../src/domain/forms.ts';
import { displayNameOf, judgeSignIn, rolesOf } from '../src/domain/operator.ts';

const now = new Date('2026-11-02T09:30:00Z');

describe('who enters', () => {
  const agent = {
    given_name: 'Mehdi Karim',
    usual_name: 'Haddad',
    organizational_unit: 'Relais — exploitation',
  };

  it('lets in an agent whose verified claims hold the operator role, by pairwise sub', () => {
    expect(judgeSignIn('sub-1', { ...agent, relais_roles: ['steward', 'operator'] })).toEqual({
      kind: 'operator',
      operator: { sub: 'sub-1', displayName: 'Mehdi Haddad (Relais — exploitation)' },
    });
    expect(rolesOf({ relais_roles: 'operator steward' })).toEqual(['operator', 'steward']);
  });

  it('refuses any other: another role, no role, a citizen’s FranceConnect identity', () => {
    for (const claims of [
      { ...agent, relais_roles: ['steward'] },
      { ...agent, relais_roles: 'operators' },
      { ...agent, relais_roles: [{ role: 'operator' }] },
      agent,
      { given_name: 'Camille Anne', family_name: 'MARTIN', birthdate: '1991-03-12' },
    ]) {
      expect(judgeSignIn('sub', claims).kind).toBe('refused');
    }
    expect(displayNameOf({ given_name: 'Camille Anne', family_name: 'MARTIN' })).toBe('Camille');
    expect(displayNameOf({})).toBe('agent');
  });
});

describe('flow search', () => {
  it('reads each kind of search and names the wrong field', () => {
    const q = (s: string) => checkFlowSearch(readFlowSearch(parseForm(s), now));
    expect(q('by=event&eventId=3f1c2a9e-7b4d')).toEqual({
      ok: true,
      value: { kind: 'event', eventId: '3f1c2a9e-7b4d' },
    });
    expect(q('by=trace&traceId=4BF92F3577B34DA6A3CE929D0E0E4736')).toMatchObject({
      ok: true,
      value: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736' },
    });
    expect(q('by=event&eventId=<script>')).toEqual({
      ok: false,
      errors: [{ field: 'eventId', message: 'errEventId' }],
    });
    expect(q(`by=trace&traceId=${'0'.repeat(32)}`)).toMatchObject({ ok: false });
    expect(q('by=agency&agency=CAF&from=2026-11-02T10:00&to=2026-11-02T09:00')).toEqual({
      ok: false,
      errors: [
        { field: 'agency', message: 'errAgency' },
        { field: 'to', message: 'errTo' },
      ],
    });
    expect(q('by=agency&agency=caf&from=2026-10-01T00:00&to=2026-11-02T00:00')).toMatchObject({
      ok: false,
      errors: [{ field: 'to' }],
    });
    expect(q('by=agency&agency=caf&from=2026-02-30T00:00&to=2026-03-02T00:00')).toMatchObject({
      ok: false,
      errors: [{ field: 'from' }],
    });
    expect(q('by=nothing')).toMatchObject({ ok: false, errors: [{ field: 'eventId' }] });
  });

  it('reads the agency’s range in Paris time, summer and winter', () => {
    const r = checkFlowSearch(
      readFlowSearch(
        parseForm('by=agency&agency=caf&from=2026-07-01T10:00&to=2026-12-01T10:00'),
        now,
      ),
    );
    expect(r.ok).toBe(false);
    const ok = checkFlowSearch(
      readFlowSearch(
        parseForm('by=agency&agency=caf&from=2026-10-25T01:30&to=2026-10-25T04:00'),
        now,
      ),
    );
    expect(ok).toMatchObject({
      ok: true,
      value: {
        from: new Date('2026-10-24T23:30:00Z'),
        to: new Date('2026-10-25T03:00:00Z'),
        limit: 50,
      },
    });
    // The empty form shows the last hour.
    expect(readFlowSearch({}, now)).toMatchObject({
      from: '2026-11-02T09:30',
      to: '2026-11-02T10:30',
    });
  });
});

describe('Paris time and ages', () => {
  it('converts a field both ways, refuses an hour that does not exist', () => {
    expect(parisLocalToDate('2026-07-14T12:00')).toEqual(new Date('2026-07-14T10:00:00Z'));
    expect(parisLocalToDate('2026-12-24T23:59')).toEqual(new Date('2026-12-24T22:59:00Z'));
    expect(dateToParisLocal(new Date('2026-07-14T10:00:00Z'))).toBe('2026-07-14T12:00');
    expect(parisLocalToDate('2026-03-29T02:30')).toBeUndefined();
    for (const bad of ['', '2026-13-01T00:00', '2026-11-02 09:30', '2026-11-02T24:00']) {
      expect(parisLocalToDate(bad)).toBeUndefined();
    }
  });

  it('says an age in its two largest units', () => {
    expect(formatAge(0, 'fr')).toBe('0\u00a0s');
    expect(formatAge(95 * 60, 'fr')).toBe('1\u00a0h 35\u00a0min');
    expect(formatAge(26 * 3600 + 5, 'en')).toBe('1\u00a0d 2\u00a0h');
    expect(formatAge(2 * 86_400, 'en')).toBe('2\u00a0d');
  });
});

describe('dead-letter filters, selections, reasons', () => {
  it('opens on the letters to handle, and names each wrong filter', () => {
    expect(checkFilter(readFilter({}))).toEqual({
      ok: true,
      value: { status: 'open', limit: 100 },
    });
    expect(checkFilter(readFilter({ status: '' }))).toEqual({ ok: true, value: { limit: 100 } });
    const bad = checkFilter(
      readFilter({ source: 'kafka', owner: 'Router!', reason: '../x', status: 'lost', limit: '0' }),
    );
    expect(bad.ok ? [] : bad.errors.map((e) => e.field)).toEqual([
      'source',
      'owner',
      'reason',
      'status',
      'limit',
    ]);
  });

  it('takes 1 to 100 ids of the right shape, each once', () => {
    const sel = (ids: string[]) => checkSelection({ ids }, DEAD_LETTER_ID, 'errSelection');
    expect(sel(['relais.dlq.router:0:17', 'relais.dlq.router:0:17'])).toEqual({
      ok: true,
      value: ['relais.dlq.router:0:17'],
    });
    for (const ids of [
      [],
      ['relais.dlq.router:0'],
      ['a b:0:1'],
      Array.from({ length: 101 }, (_, i) => `t:0:${i}`),
    ]) {
      expect(sel(ids)).toEqual({
        ok: false,
        errors: [{ field: 'select-0', message: 'errSelection' }],
      });
    }
  });

  it('requires a discard’s reason, 5 to 500 characters of text', () => {
    expect(checkDiscardReason({ discardReason: '  duplicate\n of 418  ' })).toEqual({
      ok: true,
      value: 'duplicate of 418',
    });
    for (const r of ['', 'oops', 'x'.repeat(501), 'bell\u0007here']) {
      expect(checkDiscardReason({ discardReason: r }).ok).toBe(false);
    }
  });
});

describe('the console settings', () => {
  it('take the pages’ trace links from the one tracing UI setting, or none', () => {
    const config = loadConfig({
      CONSOLE_OIDC_CLIENT_SECRET: 'a-console-secret-of-at-least-32-characters',
      CONSOLE_ZIPKIN_URL: 'http://zipkin.internal:9411/zipkin/',
    });
    expect(consoleWebSettings(config).traceUiUrl).toBe('http://zipkin.internal:9411/zipkin');
    const none = loadConfig({
      CONSOLE_OIDC_CLIENT_SECRET: 'a-console-secret-of-at-least-32-characters',
      CONSOLE_ZIPKIN_URL: '',
    });
    expect(consoleWebSettings(none).traceUiUrl).toBeNull();
  });
});
