// Rate per agency: a token bucket each; over the limit → 429 with Retry-After. In memory on
// purpose: one small entry per agency (tens), not per citizen.
import type { FastifyReply } from 'fastify';
import { gatewayErrors } from '../errors.ts';

export interface RateLimiter {
  check(agency: string, reply: FastifyReply): void;
}

export function tokenBucket(
  perSecond: number,
  burst: number,
  now: () => number = Date.now,
): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    check(agency, reply) {
      const t = now();
      const b = buckets.get(agency) ?? { tokens: burst, at: t };
      b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * perSecond);
      b.at = t;
      if (b.tokens < 1) {
        buckets.set(agency, b);
        const wait = Math.ceil((1 - b.tokens) / perSecond);
        reply.header('retry-after', String(Math.max(1, wait)));
        throw gatewayErrors.rateLimited(agency, perSecond, burst, Math.max(1, wait));
      }
      b.tokens -= 1;
      buckets.set(agency, b);
    },
  };
}
