// POST /v1/events/{contract} and the batch POST /v1/events: 202 only after Kafka acknowledged.
import type { FastifyPluginAsync } from 'fastify';
import { asEventId, type AgencyId, type EventId } from '@relais/contracts';
import type { Logger } from '@relais/kit';
import { eventIdFor, type Idempotency } from '../adapters/idempotency.ts';
import type { GatewayCounters } from '../adapters/metrics.ts';
import type { Prepared, Publisher } from '../adapters/publisher.ts';
import type { AgencyPrincipal } from '../domain/agency.ts';
import type { SubmittedEvent } from '../domain/events.ts';
import type { GatewayStats } from '../domain/stats.ts';
import { gatewayErrors, publishRefused } from '../errors.ts';
import type { RateLimiter } from './limits.ts';

const eventBody = {
  type: 'object',
  required: ['subject', 'data'],
  additionalProperties: false,
  properties: {
    subject: {
      type: 'string',
      minLength: 1,
      maxLength: 128,
      description: "The citizen's pseudonym in your sector.",
    },
    data: { type: 'object', description: 'The fields of the contract (its Avro record, as JSON).' },
    time: { type: 'string', description: 'When the fact happened (RFC 3339); default: now.' },
    purpose: { type: 'string', description: 'Why the data moves, kebab-case.' },
  },
} as const;

/**
 * Idempotency-Key: printable ASCII (RFC 9110 field values; the IETF draft's key is a string), at
 * most 200 characters; anything else is a 400 naming the header.
 */
const idempotencyHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      pattern: '^[\\x21-\\x7E]+$',
    },
  },
} as const;

const acceptedSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    contract: { type: 'string' },
    topic: { type: 'string' },
    acceptedAt: { type: 'string' },
  },
} as const;

export interface EventRoutesDeps {
  publisher: Publisher;
  idempotency: Idempotency;
  limiter: RateLimiter;
  maxBatch: number;
  counters: GatewayCounters;
  /** Replays are counted here and logged: never without a trace. */
  stats: GatewayStats;
  logger: Logger;
}

/** The ids of the events an answer accepted (one, or a batch's). */
function acceptedIds(body: unknown): string[] {
  const b = body as { id?: unknown; accepted?: Array<{ id?: unknown }> } | null;
  if (typeof b?.id === 'string') return [b.id];
  return (b?.accepted ?? []).map((a) => String(a.id));
}

export function eventRoutes(deps: EventRoutesDeps): FastifyPluginAsync {
  /** What decidePublish refuses answers 4xx naming the field and the expectation. */
  const prepare = async (
    agency: AgencyPrincipal,
    contract: string,
    event: SubmittedEvent,
    pointer?: string,
    eventId?: EventId,
  ): Promise<Prepared> => {
    const preparation = await deps.publisher.prepare(agency, contract, event, pointer, eventId);
    if (!preparation.ok) {
      deps.counters.rejected('http', agency.id, preparation.refusal.code);
      throw publishRefused(preparation.refusal);
    }
    return preparation.prepared;
  };

  return async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      try {
        deps.limiter.check(request.agency.id, reply);
      } catch (err) {
        deps.counters.rejected('http', request.agency.id, 'rate-limited');
        throw err;
      }
    });

    const withIdempotency = async (
      agency: AgencyId,
      key: string | undefined,
      requestParts: unknown[],
      /** `idOf(i)`: the id of the request's i-th event (derived from the key when there is one). */
      run: (
        idOf: (index: number) => EventId | undefined,
      ) => Promise<{ status: number; body: unknown }>,
    ) => {
      if (!key) return run(() => undefined);
      if (key.length > 200) throw gatewayErrors.idempotencyKeyTooLong();
      const hash = deps.idempotency.hash(requestParts);
      const replay = await deps.idempotency.begin(agency, key, hash);
      if (replay) {
        deps.stats.duplicates.idempotentReplays += 1;
        deps.logger.info(
          { events: acceptedIds(replay.body), agency },
          'idempotent replay answered',
        );
        return { ...replay, replayed: true };
      }
      try {
        const answer = await run((i) => asEventId(eventIdFor(agency, key, hash, i)));
        await deps.idempotency.complete(agency, key, answer);
        return answer;
      } catch (err) {
        await deps.idempotency.abandon(agency, key);
        throw err;
      }
    };

    // 403 not the contract's owner, 404 no such contract, 409 the same Idempotency-Key still in
    // progress, 422 an unknown subject or a reused key, 429 over the agency's rate, 503 the
    // contract not registered yet.
    const publishErrors = [403, 404, 409, 422, 429, 503];

    app.post<{
      Params: { contract: string };
      Body: Record<string, unknown>;
      Headers: { 'idempotency-key'?: string };
    }>(
      '/v1/events/:contract',
      {
        schema: {
          tags: ['events'],
          summary: 'Publish one event of a contract you own; 202 once Kafka acknowledged it',
          params: { type: 'object', properties: { contract: { type: 'string', maxLength: 200 } } },
          body: eventBody,
          headers: idempotencyHeaders,
          errors: publishErrors,
          response: { 202: acceptedSchema },
        },
      },
      async (request, reply) => {
        const answer = await withIdempotency(
          request.agency.id,
          request.headers['idempotency-key'],
          [request.params.contract, request.body],
          async (idOf) => {
            const prepared = await prepare(
              request.agency,
              request.params.contract,
              request.body,
              '/body',
              idOf(0),
            );
            const [accepted] = await deps.publisher.publish([prepared]);
            deps.counters.accepted('http', request.agency.id);
            return { status: 202, body: accepted };
          },
        );
        if ('replayed' in answer) reply.header('idempotent-replayed', 'true');
        return reply.status(answer.status).send(answer.body);
      },
    );

    app.post<{
      Body: { events: Array<Record<string, unknown> & { contract: string }> };
      Headers: { 'idempotency-key'?: string };
    }>(
      '/v1/events',
      {
        schema: {
          tags: ['events'],
          summary: 'Publish a batch: all accepted (202) or none (4xx naming /body/events/<i>/…)',
          headers: idempotencyHeaders,
          errors: publishErrors,
          body: {
            type: 'object',
            required: ['events'],
            additionalProperties: false,
            properties: {
              events: {
                type: 'array',
                minItems: 1,
                maxItems: deps.maxBatch,
                items: {
                  ...eventBody,
                  required: ['contract', 'subject', 'data'],
                  properties: { ...eventBody.properties, contract: { type: 'string' } },
                },
              },
            },
          },
          response: {
            202: {
              type: 'object',
              properties: { accepted: { type: 'array', items: acceptedSchema } },
            },
          },
        },
      },
      async (request, reply) => {
        const answer = await withIdempotency(
          request.agency.id,
          request.headers['idempotency-key'],
          ['batch', request.body],
          async (idOf) => {
            // Everything is checked before anything is produced: a batch is accepted whole or refused.
            const prepared = [];
            for (const [i, event] of request.body.events.entries()) {
              const { contract, ...rest } = event;
              prepared.push(
                await prepare(request.agency, contract, rest, `/body/events/${i}`, idOf(i)),
              );
            }
            const accepted = await deps.publisher.publish(prepared);
            deps.counters.accepted('http', request.agency.id, accepted.length);
            return { status: 202, body: { accepted } };
          },
        );
        return reply.status(answer.status).send(answer.body);
      },
    );
  };
}
