import { describe, expect, it } from 'vitest';
import { createHttpApp, defineErrors, createLogger } from '../src/index.ts';

const errors = defineErrors('consent', {
  consentNotFound: { kind: 'notFound', message: (id: string) => `consent ${id} not found` },
  badExpiry: {
    kind: 'validation',
    message: () => 'expiresAt: expected a date in the future',
    problems: () => [{ field: '/body/expiresAt', expected: 'a date in the future' }],
  },
});

describe('a service table of errors', () => {
  it('makes factories whose errors carry the kind, the service code and the words', () => {
    const e = errors.consentNotFound('c-1');
    expect(e.code).toBe('notFound');
    expect(e.status).toBe(404);
    expect(e.reason).toBe('consent.consent-not-found');
    expect(e.message).toBe('consent c-1 not found');
  });

  it('maps to HTTP in the one error handler, naming the field for what the caller got wrong', async () => {
    const app = await createHttpApp({
      logger: createLogger({ service: 'test', level: 'silent' }),
      service: 'test',
      description: 'errors',
    });
    app.get('/x', async () => {
      throw errors.badExpiry();
    });
    const res = await app.inject({ method: 'GET', url: '/x' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'validation',
      code: 'consent.bad-expiry',
      message: 'expiresAt: expected a date in the future',
      problems: [{ field: '/body/expiresAt', expected: 'a date in the future' }],
    });
    await app.close();
  });
});
