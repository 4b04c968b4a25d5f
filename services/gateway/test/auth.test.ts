// Authentication (private_key_jwt → access token) and deny-by-default authorization.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '@relais/testkit';
import { CLIENT_ASSERTION_TYPE } from '../src/auth/tokens.ts';
import { tokenBucket } from '../src/routes/limits.ts';
import { address, startEnv, type Env } from './support.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env.close());

const exchange = (assertion: string, clientId?: string) =>
  env.call('POST', '/v1/oauth/token', undefined, {
    grant_type: 'client_credentials',
    ...(clientId ? { client_id: clientId } : {}),
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: assertion,
  });

describe('token endpoint (private_key_jwt)', () => {
  it('issues a 5-minute bearer token for a valid assertion, also form-encoded', async () => {
    const res = await exchange(await env.assertion('caf'), env.id('caf'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
    const form = await fetch(`${env.url}/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        client_assertion: await env.assertion('cpam'),
      }),
    });
    expect(form.status).toBe(200);
  });

  it('answers 401 to unknown, expired, replayed, wrongly addressed or wrongly signed assertions', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, Promise<string>, string | undefined, RegExp]> = [
      ['unknown client', env.assertion('caf'), 'ministere-magie', /unknown client/],
      [
        'expired',
        env.assertion('caf', { iat: now - 600, exp: now - 300 }),
        env.id('caf'),
        /expired/,
      ],
      [
        'too long-lived',
        env.assertion('caf', { exp: now + 3600 }),
        env.id('caf'),
        /more than 300 s ahead/,
      ],
      [
        'wrong audience',
        env.assertion('caf', { aud: 'https://elsewhere.example' }),
        env.id('caf'),
        /claim aud/,
      ],
      [
        'signed by another agency',
        env.assertion('cpam'),
        env.id('caf'),
        /signature does not verify|claim iss/,
      ],
      ['garbage', Promise.resolve('not.a.jwt'), env.id('caf'), /malformed/],
    ];
    for (const [what, assertion, clientId, message] of cases) {
      const res = await exchange(await assertion, clientId);
      expect({ what, status: res.status }).toEqual({ what, status: 401 });
      expect(res.body.message, what).toMatch(message);
    }
    const jti = uniqueName('jti');
    expect((await exchange(await env.assertion('caf', { jti }), env.id('caf'))).status).toBe(200);
    const replay = await exchange(await env.assertion('caf', { jti }), env.id('caf'));
    expect(replay.status).toBe(401);
    expect(replay.body.message).toMatch(/replay/);
    expect(
      (await env.call('POST', '/v1/oauth/token', undefined, { grant_type: 'password' })).status,
    ).toBe(400);
  });
});

describe('401 / 403 matrix', () => {
  const endpoints: Array<[string, string, unknown?]> = [
    ['POST', '/v1/events/fr.gouv.residence.AddressChanged', { subject: 's', data: address }],
    [
      'POST',
      '/v1/events',
      { events: [{ contract: 'fr.gouv.residence.AddressChanged', subject: 's', data: address }] },
    ],
    ['GET', '/v1/inbox'],
    ['POST', '/v1/inbox/ack', { cursor: '1' }],
    ['GET', '/v1/rejects'],
    ['PUT', '/v1/webhooks', { url: 'https://example.org/hook', secret: 'x'.repeat(32) }],
    ['GET', '/v1/webhooks'],
    ['DELETE', '/v1/webhooks'],
    ['GET', '/v1/webhooks/deliveries'],
    ['POST', '/v1/webhooks/deliveries/some-id/redeliver'],
  ];

  it('answers 401 with WWW-Authenticate on every endpoint without a credential or with a bad one', async () => {
    const forged = await new SignJWT({ sector: 'family' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('relais-gateway')
      .setSubject(env.id('caf'))
      .setAudience('relais-gateway')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('not-the-gateway-secret-not-the-gateway-secret'));
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(env.id('caf'))
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode('x'.repeat(32)));
    for (const [method, path, body] of endpoints) {
      for (const [what, token] of [
        ['none', undefined],
        ['garbage', 'garbage'],
        ['forged', forged],
        ['expired', expired],
        ['the assertion itself', await env.assertion('caf')],
      ] as const) {
        const res = await env.call(method, path, token, body);
        expect({ method, path, what, status: res.status }).toEqual({
          method,
          path,
          what,
          status: 401,
        });
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="relais"/);
      }
    }
    for (const [method, path] of [
      ['GET', '/v1/operator/webhooks/failed'],
      ['POST', '/v1/operator/webhooks/deliveries/x/redeliver'],
      ['GET', '/v1/operator/flows/evt-1'],
    ] as const) {
      expect((await env.call(method, path, await env.token('caf'))).status).toBe(401);
    }
  });

  it("answers 403 to another agency's contract and 404 to another agency's resources", async () => {
    const caf = await env.token('caf');
    const citizen = await env.enrol(['family']);
    const foreign = await env.call('POST', '/v1/events/fr.gouv.residence.AddressChanged', caf, {
      subject: citizen['family'],
      data: address,
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toBe(
      `agency ${env.id('caf')} may not publish fr.gouv.residence.AddressChanged: it is owned by ${env.id('mairie-lyon')}`,
    );
    const inBatch = await env.call('POST', '/v1/events', caf, {
      events: [
        { contract: 'fr.gouv.residence.AddressChanged', subject: citizen['family'], data: address },
      ],
    });
    expect(inBatch.status).toBe(403);
    // Deliveries and rejects are scoped by the token: there is no way to name another agency's.
    expect((await env.call('POST', '/v1/webhooks/deliveries/not-mine/redeliver', caf)).status).toBe(
      404,
    );
  });
});

describe('limits', () => {
  it('answers 429 with Retry-After once an agency exceeds its rate, without slowing another', () => {
    let t = 0;
    const limiter = tokenBucket(10, 2, () => t);
    const headers: Record<string, string> = {};
    const reply = { header: (k: string, v: string) => (headers[k] = v) } as never;
    limiter.check('a', reply);
    limiter.check('a', reply);
    expect(() => limiter.check('a', reply)).toThrow(/more than 10 requests\/s/);
    expect(headers['retry-after']).toBe('1');
    expect(() => limiter.check('b', reply)).not.toThrow();
    t += 200;
    expect(() => limiter.check('a', reply)).not.toThrow();
  });

  it('refuses an oversized batch naming the limit', async () => {
    const mairie = await env.token('mairie-lyon');
    const res = await env.call('POST', '/v1/events', mairie, {
      events: Array.from({ length: 501 }, () => ({
        contract: 'fr.gouv.residence.AddressChanged',
        subject: 's',
        data: {},
      })),
    });
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([
      { field: '/body/events', expected: 'must NOT have more than 500 items' },
    ]);
  });

  it('serves its OpenAPI document at /docs', async () => {
    const doc = await fetch(`${env.url}/docs/json`);
    expect(doc.status).toBe(200);
    const paths = Object.keys(((await doc.json()) as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/oauth/token',
        '/v1/events/{contract}',
        '/v1/events',
        '/v1/inbox',
        '/v1/inbox/ack',
        '/v1/webhooks',
      ]),
    );
    expect((await fetch(`${env.url}/docs`)).status).toBeLessThan(400);
  });
});
