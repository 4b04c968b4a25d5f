// Operators' routes: a bearer token compared in constant time, 401 otherwise.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { unauthenticated } from '../errors.ts';

/** An `onRequest` hook that lets through only `Authorization: Bearer <token>`. */
export function bearerAuth(token: string, expected: string) {
  const wanted = Buffer.from(`Bearer ${token}`);
  return async (request: FastifyRequest): Promise<void> => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
      throw unauthenticated(`authorization: expected ${expected}`);
  };
}

/** An `onRequest` hook that lets through only the operator token. */
export function operatorAuth(token: string) {
  return bearerAuth(token, 'the operator token');
}
