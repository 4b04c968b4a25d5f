// The gateway's table of errors: what routes and adapters throw. The HTTP status comes from the
// kind (the kit's one mapping); each answer carries `gateway.<code>` as its `code`.
import { defineErrors, type AppError, type FieldProblem } from '@relais/kit';
import type { PublishRefusal } from './domain/events.ts';

const sentence = (problems: FieldProblem[]): string =>
  problems.map((p) => `${p.field}: expected ${p.expected}`).join('; ');

const CURSOR_EXPECTED = 'a cursor this gateway returned (opaque), or 0 for the beginning';

export const gatewayErrors = defineErrors('gateway', {
  // Publishing (HTTP and native): what decidePublish refuses, then the edge's own checks.
  contractUnknown: {
    kind: 'notFound',
    message: (contract: string) =>
      `contract ${contract} does not exist (see GET /catalog on the registry)`,
  },
  notPublisher: {
    kind: 'forbidden',
    message: (agency: string, contract: string, owner: string) =>
      `agency ${agency} may not publish ${contract}: it is owned by ${owner}`,
  },
  invalidEvent: {
    kind: 'validation',
    message: (problems: FieldProblem[]) => sentence(problems),
    problems: (problems: FieldProblem[]) => problems,
  },
  subjectUnknown: {
    kind: 'unprocessable',
    message: (field: string, sector: string) =>
      `${field}: no citizen with this pseudonym is enrolled in sector ${sector}`,
    problems: (field: string, sector: string) => [
      { field, expected: `the pseudonym of an enrolled citizen in sector ${sector}` },
    ],
  },
  directoryLoading: {
    kind: 'unavailable',
    message: () =>
      'the gateway is starting: its pseudonym directory is still loading; retry shortly',
  },
  contractNotRegistered: {
    kind: 'unavailable',
    message: (contract: string) => `contract ${contract} is not registered in the registry yet`,
  },
  idempotencyKeyTooLong: {
    kind: 'validation',
    message: () => 'Idempotency-Key: at most 200 characters',
    problems: () => [{ field: 'Idempotency-Key', expected: 'at most 200 characters' }],
  },
  idempotencyKeyReused: {
    kind: 'unprocessable',
    message: () => 'Idempotency-Key: already used for a different request',
    problems: () => [{ field: 'Idempotency-Key', expected: 'a new key for a different request' }],
  },
  idempotencyInProgress: {
    kind: 'conflict',
    message: () => 'Idempotency-Key: the first request with this key is still in progress',
  },
  rateLimited: {
    kind: 'rateLimited',
    message: (agency: string, perSecond: number, burst: number, retryAfterS: number) =>
      `agency ${agency}: more than ${perSecond} requests/s (burst ${burst}); retry after ${retryAfterS} s`,
  },

  // Authentication: private_key_jwt client assertions, then bearer access tokens.
  bearerMissing: {
    kind: 'unauthenticated',
    message: () => 'authorization: expected "Bearer <access token>" (POST /v1/oauth/token)',
  },
  clientUnknown: {
    kind: 'unauthenticated',
    message: () => 'client_assertion: unknown client',
  },
  assertionInvalid: {
    kind: 'unauthenticated',
    message: (reason: string) => `client_assertion: ${reason}`,
  },
  assertionTooLongLived: {
    kind: 'unauthenticated',
    message: (maxSeconds: number) => `client_assertion: exp more than ${maxSeconds} s ahead`,
  },
  assertionReplayed: {
    kind: 'unauthenticated',
    message: () => 'client_assertion: jti already used (replay)',
  },
  accessTokenInvalid: {
    kind: 'unauthenticated',
    message: (reason: string) => `access token: ${reason}`,
  },

  // The inbox.
  cursorInvalid: {
    kind: 'validation',
    message: (field: string) => sentence([{ field, expected: CURSOR_EXPECTED }]),
    problems: (field: string) => [{ field, expected: CURSOR_EXPECTED }],
  },

  // Webhooks.
  webhookEndpointNotFound: { kind: 'notFound', message: () => 'webhook endpoint not found' },
  webhookDeliveryNotFound: {
    kind: 'notFound',
    message: (id: string) => `delivery ${id} not found`,
  },
  webhookUrlRefused: {
    kind: 'validation',
    message: (expected: string) => sentence([{ field: '/body/url', expected }]),
    problems: (expected: string) => [{ field: '/body/url', expected }],
  },
});

/** The edge's answer to what decidePublish refused. */
export function publishRefused(refusal: PublishRefusal): AppError {
  switch (refusal.code) {
    case 'contract-unknown':
      return gatewayErrors.contractUnknown(refusal.contract);
    case 'not-publisher':
      return gatewayErrors.notPublisher(refusal.agency, refusal.contract, refusal.owner);
    case 'invalid-event':
      return gatewayErrors.invalidEvent(refusal.problems);
    case 'subject-unknown':
      return gatewayErrors.subjectUnknown(refusal.field, refusal.sector);
  }
}
