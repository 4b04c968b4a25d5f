// Operators' routes: a bearer token compared in constant time, 401 otherwise.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { unauthenticated } from '../errors.ts';

/** An `onRequest` hook that lets through only `Authorization: Bearer <token>`. */
export function operatorAuth(token: string) {
  const expected = Buffer.from(`Bearer ${token}`);
  return async (request: FastifyRequest): Promise<void> => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw unauthenticated('authorization: expected the operator token');
  };
}
