// The JSON schemas of the console's API: every id, filter and body bounded. Query strings and
// path parameters are coerced from text (`limit=20`); bodies are not (app.ts: `"again": "true"`
// is refused, not read as true).
import { AGENCY_PATTERN, EVENT_ID_PATTERN, TRACE_ID_PATTERN } from '../domain/ids.ts';

export const tags = ['console'];

export const limit = (max: number, fallback: number) =>
  ({ type: 'integer', minimum: 1, maximum: max, default: fallback }) as const;

export const eventId = { type: 'string', pattern: EVENT_ID_PATTERN } as const;
export const traceId = { type: 'string', pattern: TRACE_ID_PATTERN } as const;
export const agency = { type: 'string', pattern: AGENCY_PATTERN } as const;
/** A name of Relais' own making: a reason code, a service, an agency. */
export const word = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,99}$' } as const;
export const instant = { type: 'string', format: 'date-time', maxLength: 40 } as const;

/** `<topic>:<partition>:<offset>`, bounded here, read strictly by domain/ids.ts. */
export const deadLetterId = {
  type: 'string',
  minLength: 5,
  maxLength: 280,
  pattern: '^[a-zA-Z0-9._-]{1,249}:[0-9]{1,4}:[0-9]{1,19}$',
} as const;

/**
 * Webhook delivery ids as the gateway makes them (base64url of a hash since dec-046, UUIDs
 * before) and accepts them (≤ 64).
 */
export const deliveryId = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9_-]+$',
} as const;

export const ids = (item: object) =>
  ({ type: 'array', minItems: 1, maxItems: 100, uniqueItems: true, items: item }) as const;

export const eventIdParams = {
  type: 'object',
  additionalProperties: false,
  required: ['eventId'],
  properties: { eventId },
} as const;
