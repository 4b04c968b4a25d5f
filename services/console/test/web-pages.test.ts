// The console's pages through app.inject(), an operator signed in through the real local provider
// and the ports faked in memory: what each page shows (the flow's whole path, a pseudonym and never
// a pivot, the trace link), both languages; every form checked server-side with errors naming
// their field (summary link, message linked by aria-describedby) and never a 5xx on bad input;
// replay, discard and redeliver in two steps, through ConsoleActions with the operator's identity;
// a refusal of the port, a port down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  csrfOf,
  EVENT,
  POISON,
  PSEUDONYM,
  REJECTED,
  startWebEnv,
  TRACE,
  TRACE_UI,
  type Jar,
  type WebEnv,
} from './web-support.ts';

let env: WebEnv;
let jar: Jar;
let csrf: string;
beforeAll(async () => {
  env = await startWebEnv();
  jar = env.jar();
  expect((await env.signIn(jar, 'claire-dubois')).statusCode).toBe(303);
  csrf = csrfOf((await env.call(jar, 'GET', '/journal')).body);
});
afterAll(() => env?.close());

const get = (url: string) => env.call(jar, 'GET', url);
const post = (url: string, form: Record<string, string | string[]>) =>
  env.call(jar, 'POST', url, { _csrf: csrf, ...form });

/** The field's error: in the summary (a link to it) and under it (aria-describedby). */
function expectFieldError(body: string, field: string, message: string) {
  expect(body).toContain('id="error-summary"');
  expect(body).toContain(`<a href="#${field}">${message}</a>`);
  expect(body).toMatch(new RegExp(`id="${field}"[^>]*aria-describedby="[^"]*${field}-error`));
  expect(body).toContain(`id="${field}-error">${message}</p>`);
}

describe('what the pages show', () => {
  it('the dashboard: total lag, letters to handle, failed webhooks, chains intact', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/>\s*14 <span class="console-stat__unit">enregistrements</);
    expect(res.body).toMatch(
      /Lettres mortes à traiter<\/h2>\s*<p class="console-stat__value">\s*2\s*</,
    );
    expect(res.body).toContain('1 sur 2 intègres');
    expect(res.body).toContain('aria-current="page"');
  });

  it('one flow’s whole path, the citizen as a pseudonym, the trace in the tracing UI', async () => {
    const res = await get(`/flows/${EVENT}`);
    expect(res.statusCode).toBe(200);
    const b = res.body;
    for (const step of [
      'Réception',
      'Journal canonique',
      'Décisions de routage',
      'Registre des accès',
      'Remises aux destinataires',
      'Droits évalués',
      'Messages aux citoyens',
      'Lettres mortes de ce flux',
    ]) {
      expect(b).toContain(step);
    }
    expect(b).toContain('Accepté par HTTP (passerelle)');
    expect(b).toContain('relais.events.residence, partition 2, position 417');
    expect(b).toContain('consent.missing');
    expect(b).toContain('réponse 503');
    expect(b).toContain('échec de connexion');
    expect(b).toMatch(/remis, acquitté le 2\u00a0novembre\u00a02026/);
    expect(b).toContain('aide-logement');
    expect(b).toContain('EMAIL');
    expect(b).toContain(PSEUDONYM);
    expect(b).toContain(`href="${TRACE_UI}/traces/${TRACE}"`);
    expect(b).not.toMatch(/pivot/i);

    const rejected = await get(`/flows/${REJECTED}`);
    expect(rejected.body).toContain('Rejeté par Kafka (ingestion native)');
    expect(rejected.body).toContain('payload.address.postcode: expected 5 digits');
    expect(rejected.body).toContain('Étape non atteinte.');
  });

  it('flow lookup by event, by trace, by agency and time range', async () => {
    const byEvent = await get(`/flows?by=event&eventId=${EVENT}`);
    expect(byEvent.statusCode).toBe(200);
    expect(byEvent.body).toContain('1 flux trouvé');
    expect(byEvent.body).toContain(`href="/flows/${EVENT}"`);
    const byTrace = await get(`/flows?by=trace&traceId=${TRACE.toUpperCase()}`);
    expect(byTrace.body).toContain(`href="${TRACE_UI}/traces/${TRACE}"`);
    const byAgency = await get(
      '/flows?by=agency&agency=mairie-lyon&from=2026-11-02T08:00&to=2026-11-02T11:00',
    );
    expect(byAgency.body).toContain('2 flux trouvés');
    expect(byAgency.body).toContain('rejeté');
    const none = await get('/flows?by=event&eventId=no-such-event');
    expect(none.body).toContain('Aucun flux trouvé');
    const empty = await get('/flows');
    expect(empty.body).toContain('value="2026-11-02T09:30"');
  });

  it('lag per group and partition, throughput, counters, and the refresh that needs no script', async () => {
    const res = await get('/lag');
    expect(res.statusCode).toBe(200);
    for (const shown of [
      'Partitions du groupe relais-router',
      '3,25',
      'premier relevé',
      'Compteurs illisibles',
      'href="/lag">Actualiser maintenant</a>',
    ]) {
      expect(res.body).toContain(shown);
    }
    // The script is ours, from here; its checkbox shows only when it runs.
    const script = /<script src="(\/assets\/console-refresh-[0-9a-f]{12}\.js)" defer>/.exec(
      res.body,
    )?.[1];
    expect(script).toBeDefined();
    expect(res.body).toMatch(/data-refresh="30"\s+hidden/);
    const js = await get(script!);
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).not.toMatch(/http-equiv="refresh"/);
  });

  it('the audit chains, the journal, failed webhooks', async () => {
    const audit = await get('/audit');
    expect(audit.body).toContain('rompue');
    expect(audit.body).toContain('hash-mismatch');
    const wh = await get('/webhooks');
    expect(wh.body).toContain('dlv-caf-000142');
    const journal = await get('/journal');
    expect(journal.statusCode).toBe(200);
  });

  it('every page in English too', async () => {
    await get('/lang/en?back=/');
    try {
      for (const [url, text] of [
        ['/', 'Dashboard'],
        [`/flows/${EVENT}`, 'Routing decisions'],
        ['/lag', 'Consumer groups'],
        ['/dead-letters', 'Dead letters and rejects'],
        ['/webhooks', 'Failed webhooks'],
        ['/audit', 'Access log audit'],
        ['/journal', 'Operators’ journal'],
      ] as const) {
        const res = await get(url);
        expect(res.body).toContain('<html lang="en"');
        expect(res.body).toContain(text);
      }
    } finally {
      await get('/lang/fr?back=/');
    }
  });

  it('sends the pages with a strict CSP and no cache', async () => {
    const res = await get('/dead-letters');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`form-action 'self' ${new URL(env.idp.issuer).origin}`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });
});

describe('forms are checked server-side, errors naming their field, never a 5xx', () => {
  it('flow lookup', async () => {
    const bad = await get('/flows?by=event&eventId=%3Cscript%3E');
    expect(bad.statusCode).toBe(400);
    expectFieldError(
      bad.body,
      'eventId',
      'Saisissez l’identifiant de l’événement : lettres, chiffres, tirets, 128 caractères au plus.',
    );
    expect(bad.body).toContain('<title>Erreur : ');
    expect(bad.body).toContain('value="&lt;script&gt;"');
    const range = await get(
      '/flows?by=agency&agency=caf&from=2026-11-02T10:00&to=2026-11-02T09:00',
    );
    expect(range.statusCode).toBe(400);
    expect(range.body).toContain('<a href="#to">');
    const trace = await get('/flows?by=trace&traceId=xyz');
    expectFieldError(
      trace.body,
      'traceId',
      'Saisissez un identifiant de trace de 32 caractères hexadécimaux (0-9, a-f).',
    );
  });

  it('dead-letter filters', async () => {
    const res = await get('/dead-letters?source=kafka&owner=Router!&status=lost&limit=9999');
    expect(res.statusCode).toBe(400);
    for (const f of ['source', 'owner', 'status', 'limit']) {
      expect(res.body).toContain(`<a href="#${f}">`);
      expect(res.body).toContain(`id="${f}-error"`);
    }
  });

  it('answers garbage with a 4xx page, never a 5xx', async () => {
    const urls = [
      '/flows?by=event&eventId=' + 'a'.repeat(5000),
      '/flows?by[]=x&eventId[]=y',
      '/flows?by=agency&agency=caf&from=%00&to=%FF',
      '/flows/%E0%A4%A',
      '/flows/..%2F..%2Fetc',
      '/flows/' + 'x'.repeat(300),
      '/dead-letters?limit=-1&status[]=open',
      '/journal?limit=abc',
      '/lang/en?back=' + 'x'.repeat(500),
      '/no-such-page',
    ];
    for (const url of urls) {
      const res = await get(url);
      expect(res.statusCode, url).toBeGreaterThanOrEqual(300);
      expect(res.statusCode, url).toBeLessThan(500);
    }
    const posts: Array<[string, Record<string, string | string[]>]> = [
      ['/dead-letters/confirm', { action: 'burn', ids: POISON }],
      [
        '/dead-letters/confirm',
        {
          action: 'replay',
          ids: Array(101)
            .fill(POISON)
            .map((x, i) => x.replace('17', String(i))),
        },
      ],
      ['/dead-letters/replay', { ids: 'not an id' }],
      ['/dead-letters/discard', { ids: POISON, discardReason: 'no' }],
      ['/webhooks/confirm', { ids: '' }],
      ['/webhooks/redeliver', { ids: '../x' }],
    ];
    for (const [url, form] of posts) {
      const res = await post(url, form);
      expect(res.statusCode, url).toBe(400);
    }
    const big = await env.call(jar, 'POST', '/dead-letters/confirm', {
      _csrf: csrf,
      back: 'x'.repeat(40_000),
    });
    expect(big.statusCode).toBe(413);
    expect(env.ports.calls.filter((c) => c.startsWith('actions.'))).toEqual([]);
  });

  it('an unknown event is a 404 page; an unknown path a page for a browser, JSON for a client', async () => {
    const res = await get('/flows/no-such-event');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Événement introuvable');
    const page = await get('/nowhere');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Page introuvable');
    const json = await env.app.inject({ url: '/nowhere', headers: { accept: 'application/json' } });
    expect(json.statusCode).toBe(404);
    expect(json.json()).toMatchObject({ error: 'notFound' });
  });
});

describe('acting, in two steps, through ConsoleActions with the operator’s identity', () => {
  it('replays: pick, confirm, done — and the journal says so', async () => {
    const list = await get('/dead-letters');
    expect(list.body).toContain(`value="${POISON}"`);
    expect(list.body).toContain('Rejouer la sélection');
    const back = /name="back" value="([^"]*)"/.exec(list.body)?.[1]?.replace(/&amp;/g, '&');
    expect(back).toBe('source=&owner=&reason=&status=open&limit=100');

    const none = await post('/dead-letters/confirm', { back: back!, action: 'replay' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('<a href="#select-0">Cochez au moins une ligne, 100 au plus.</a>');
    expect(none.body).toContain('aria-describedby="selection-error"');

    const confirm = await post('/dead-letters/confirm', {
      back: back!,
      action: 'replay',
      ids: [POISON],
    });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Rejouer 1 lettre morte\u00a0?');
    expect(confirm.body).toContain('schema.invalid');
    expect(confirm.body).toContain('Confirmer le rejeu');
    expect(env.ports.acted).toEqual([]);

    const done = await post('/dead-letters/replay', { back: back!, ids: [POISON] });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/journal');
    expect(env.ports.acted.at(-1)).toEqual({
      kind: 'replay',
      operator: {
        sub: expect.stringMatching(/^[0-9a-f]{64}v1$/),
        displayName: 'Claire Dubois (Relais — exploitation)',
      },
      ids: [POISON],
    });
    const journal = await get('/journal');
    expect(journal.body).toContain('Rejeu demandé\u00a0: 1 replayed to their origin topic');
    expect(journal.body).toContain('Claire Dubois (Relais — exploitation)');
    expect(journal.body).toContain(POISON);
    // One use.
    expect((await get('/journal')).body).not.toContain('Rejeu demandé');
  });

  it('discards only with a reason, which goes to the port and the journal', async () => {
    const id = 'relais.rejects.mairie-lyon:0:4';
    const confirm = await post('/dead-letters/confirm', { back: '', action: 'discard', ids: id });
    expect(confirm.body).toContain('Écarter 1 lettre morte\u00a0?');
    expect(confirm.body).toContain('<textarea');
    const missing = await post('/dead-letters/discard', { back: '', ids: id, discardReason: '' });
    expect(missing.statusCode).toBe(400);
    expectFieldError(
      missing.body,
      'discardReason',
      'Saisissez le motif de l’écart, de 5 à 500 caractères.',
    );
    expect(env.ports.acted.some((a) => a.kind === 'discard')).toBe(false);
    const done = await post('/dead-letters/discard', {
      back: '',
      ids: id,
      discardReason: 'Test record sent by the mairie during its integration',
    });
    expect(done.statusCode).toBe(303);
    expect(env.ports.acted.at(-1)).toMatchObject({
      kind: 'discard',
      ids: [id],
      reason: 'Test record sent by the mairie during its integration',
    });
    expect((await get('/journal')).body).toContain('Test record sent by the mairie');
  });

  it('shows the port’s refusal (replaying a discarded letter) as a page: nothing done', async () => {
    const res = await post('/dead-letters/replay', { back: '', ids: 'relais.dlq.notifier:1:9' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Action refusée');
    expect(res.body).toContain('discarded, not replayed');
  });

  it('redelivers failed webhooks after a confirmation', async () => {
    const list = await get('/webhooks');
    expect(list.body).toContain('value="dlv-caf-000142"');
    const confirm = await post('/webhooks/confirm', { ids: 'dlv-caf-000142' });
    expect(confirm.body).toContain('Remettre 1 livraison\u00a0?');
    const done = await post('/webhooks/redeliver', { ids: 'dlv-caf-000142' });
    expect(done.statusCode).toBe(303);
    expect(env.ports.acted.at(-1)).toMatchObject({ kind: 'redeliver', ids: ['dlv-caf-000142'] });
  });
});

describe('a port down', () => {
  it('is a 503 page on its page; the dashboard shows the rest', async () => {
    env.ports.failing.add('lag');
    try {
      const lag = await get('/lag');
      expect(lag.statusCode).toBe(503);
      expect(lag.body).toContain('Donnée momentanément indisponible');
      const home = await get('/');
      expect(home.statusCode).toBe(200);
      expect(home.body).toMatch(
        /Retard total des consommateurs<\/h2>\s*<p class="console-stat__value">\s*<span class="console-stat__unit">Donnée momentanément indisponible/,
      );
    } finally {
      env.ports.failing.delete('lag');
    }
  });
});
