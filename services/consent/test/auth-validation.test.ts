// Who may call (401 naming why) and what a grant must say (400 naming the field).
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@relais/testkit';
import { startEnv, type Enrolled, type Env } from './support.ts';

let env: Env;
let alice: Enrolled;

beforeAll(async () => {
  env = await startEnv();
  alice = await env.enrol();
});
afterAll(async () => {
  await env?.close();
});

const grant = { purpose: 'address-update', recipient: 'caf', categories: ['address'] };

describe('citizen tokens', () => {
  it('issues a 15-minute HS256 bearer token for a portal pseudonym', async () => {
    const res = await env.call('POST', '/v1/dev/citizen-token', undefined, {
      pseudonym: alice.portal,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
  });

  it('answers 401 without a token', async () => {
    const res = await env.call('GET', '/v1/me/consents');
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/authorization/);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('answers 401 for a forged token', async () => {
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('relais-consent-dev')
      .setAudience('relais-portal')
      .setSubject(alice.portal)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('not-the-secret-not-the-secret-not-the-secret'));
    const res = await env.call('GET', '/v1/me/consents', forged);
    expect(res.status).toBe(401);
    expect(res.body.message).toContain('signature does not verify');
  });

  it('answers 401 for an expired token', async () => {
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('relais-consent-dev')
      .setAudience('relais-portal')
      .setSubject(alice.portal)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 2000)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 1000)
      .sign(new TextEncoder().encode(env.options.devTokenSecret));
    const res = await env.call('GET', '/v1/me/consents', expired);
    expect(res.status).toBe(401);
    expect(res.body.message).toContain('expired');
  });

  it('answers 401 for a pseudonym nobody enrolled', async () => {
    const token = await env.token('A'.repeat(43));
    const res = await env.call('GET', '/v1/me/consents', token);
    expect(res.status).toBe(401);
    expect(res.body.message).toContain('unknown citizen');
  });

  it('without devTokens the issuer route does not exist; another instance reads the same state', async () => {
    const granted = await env.call('POST', '/v1/me/consents', alice.token, grant);
    expect(granted.status).toBe(201);
    const other = await env.startInstance({ devTokens: false, instance: 'test-2' });
    const res = await env.call(
      'POST',
      '/v1/dev/citizen-token',
      undefined,
      { pseudonym: alice.portal },
      other,
    );
    expect(res.status).toBe(404);
    // Started after the grant and caught up before ready: the consent is there.
    await waitFor(() => other.directory.resolve('portal', alice.portal));
    // Without devTokens, development tokens are refused: only the portal's are accepted.
    const dev = await env.call('GET', '/v1/me/consents', alice.token, undefined, other);
    expect(dev.status).toBe(401);
    expect(dev.body.message).toContain('algorithm not allowed (ES256 portal tokens)');
    const list = await env.call(
      'GET',
      '/v1/me/consents',
      await env.portalToken(alice.portal),
      undefined,
      other,
    );
    expect(list.status).toBe(200);
    expect(list.body.consents.map((c: any) => c.id)).toContain(granted.body.consent.id);
  });
});

describe('grant validation', () => {
  const post = (body: unknown) => env.call('POST', '/v1/me/consents', alice.token, body);
  const fields = (res: { body: any }) => res.body.problems.map((p: any) => p.field);

  it('names /body/categories/0 for a category that does not exist', async () => {
    const res = await post({ ...grant, categories: ['astrology'] });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['/body/categories/0']);
  });

  it('names /body/recipient for an unknown agency or sector', async () => {
    for (const recipient of ['nasa', 'sector:astrology']) {
      const res = await post({ ...grant, recipient });
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual(['/body/recipient']);
    }
  });

  it('names /body/purpose for a purpose no subscription asks consent for', async () => {
    const res = await post({ ...grant, purpose: 'marketing' });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['/body/purpose']);
    const notKebab = await post({ ...grant, purpose: 'Address_Update' });
    expect(fields(notKebab)).toEqual(['/body/purpose']);
  });

  it('names /body/expiresAt in the past or not RFC 3339', async () => {
    const past = await post({ ...grant, expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.problems).toEqual([
      { field: '/body/expiresAt', expected: 'an instant in the future' },
    ]);
    const bad = await post({ ...grant, expiresAt: 'next tuesday' });
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(['/body/expiresAt']);
  });

  it('names /body/categories when empty and missing fields', async () => {
    const empty = await post({ ...grant, categories: [] });
    expect(fields(empty)).toEqual(['/body/categories']);
    const missing = await post({ categories: ['address'] });
    expect(fields(missing).sort()).toEqual(['/body/purpose', '/body/recipient']);
  });

  it('wrote nothing for refused grants', async () => {
    const list = await env.call('GET', '/v1/me/consents', alice.token);
    expect(list.body.consents).toHaveLength(1);
  });
});
