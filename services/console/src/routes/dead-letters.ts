// Dead letters and rejects: the filtered list; replay (one or many, back to their origin, judged
// again), discard with a reason. Each action answers the journal entry it wrote.
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import { parseDeadLetterId } from '../domain/ids.ts';
import type {
  ConsoleActions,
  ConsoleReads,
  DeadLetterFilter,
  DeadLetterSource,
  DeadLetterStatus,
  Operator,
} from '../domain/views.ts';
import { consoleErrors } from '../errors.ts';
import { deadLetterId, eventId, ids, limit, tags, word } from './schemas.ts';

export interface DeadLetterRoutesDeps {
  reads: ConsoleReads;
  actions: ConsoleActions;
  operator: (request: object) => Operator;
}

/** The ids read strictly (topic family, bounds); a 400 naming each bad one. */
function checkedIds(list: readonly string[]): string[] {
  const problems = list.flatMap((id, i) => {
    const parsed = parseDeadLetterId(id);
    return parsed.ok ? [] : [{ field: `/body/ids/${i}`, expected: parsed.expected }];
  });
  if (problems.length) throw consoleErrors.invalidRequest(problems);
  return [...list];
}

export function deadLetterRoutes(deps: DeadLetterRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    app.get<{
      Querystring: {
        source?: DeadLetterSource;
        owner?: string;
        reason?: string;
        status?: DeadLetterStatus;
        eventId?: string;
        limit: number;
      };
    }>(
      '/api/v1/dead-letters',
      {
        schema: {
          tags,
          summary: 'Dead letters (relais.dlq.*) and rejects (relais.rejects.*), newest first',
          returns: {
            200: {
              type: 'object',
              required: ['deadLetters'],
              properties: { deadLetters: { type: 'array', items: { type: 'object' } } },
            },
          },
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              source: { type: 'string', enum: ['dead-letter', 'reject'] },
              owner: word,
              reason: word,
              status: { type: 'string', enum: ['open', 'replayed', 'discarded'] },
              eventId,
              limit: limit(500, 100),
            },
          },
        },
      },
      async (request) => {
        const filter: DeadLetterFilter = { ...request.query };
        return { deadLetters: await deps.reads.deadLetters(filter) };
      },
    );

    app.post<{ Body: { ids: string[]; again?: boolean } }>(
      '/api/v1/dead-letters/replay',
      {
        schema: {
          tags,
          // 404 an unknown id, 409 not open any more, 422 not replayable, 503 Kafka down.
          errors: [404, 409, 422, 503],
          summary:
            'Replay dead letters back to their origin, through every check at replay time (409 for one replayed or discarded unless "again")',
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['ids'],
            properties: { ids: ids(deadLetterId), again: { type: 'boolean' } },
          },
        },
      },
      async (request) =>
        deps.actions.replay(deps.operator(request), checkedIds(request.body.ids), {
          again: request.body.again === true,
        }),
    );

    app.post<{ Body: { ids: string[]; reason: string } }>(
      '/api/v1/dead-letters/discard',
      {
        schema: {
          tags,
          summary: 'Discard dead letters, saying why (journaled with the operator)',
          errors: [404, 409, 503],
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['ids', 'reason'],
            properties: {
              ids: ids(deadLetterId),
              reason: { type: 'string', minLength: 1, maxLength: 500, pattern: '\\S' },
            },
          },
        },
      },
      async (request) =>
        deps.actions.discard(
          deps.operator(request),
          checkedIds(request.body.ids),
          request.body.reason.trim(),
        ),
    );
  };
}
