// GET /api/v1/flows — search by event id, trace id, or agency and time range (at most 31 days);
// GET /api/v1/flows/:eventId — one event's whole path.
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import type { FieldProblem } from '@relais/kit';
import type { ConsoleReads, FlowQuery } from '../domain/views.ts';
import { consoleErrors } from '../errors.ts';
import { agency, eventId, eventIdParams, instant, limit, tags, traceId } from './schemas.ts';

/** The longest time range an agency search may cover. */
export const MAX_RANGE_DAYS = 31;

interface FlowSearch {
  eventId?: string;
  traceId?: string;
  agency?: string;
  from?: string;
  to?: string;
  limit: number;
}

/** Exactly one way of searching; a range with an agency only, ordered and bounded. */
export function flowQuery(q: FlowSearch): FlowQuery {
  const given = (['eventId', 'traceId', 'agency'] as const).filter((k) => q[k] !== undefined);
  const problems: FieldProblem[] = [];
  if (given.length !== 1)
    problems.push({
      field: given.length ? `/querystring/${given[1]}` : '/querystring',
      expected: 'exactly one of eventId, traceId, or agency with from and to',
    });
  if (q.agency === undefined)
    for (const k of ['from', 'to'] as const)
      if (q[k] !== undefined)
        problems.push({ field: `/querystring/${k}`, expected: 'only with agency' });
  if (problems.length) throw consoleErrors.invalidRequest(problems);
  if (q.eventId !== undefined) return { kind: 'event', eventId: q.eventId };
  if (q.traceId !== undefined) return { kind: 'trace', traceId: q.traceId };
  for (const k of ['from', 'to'] as const)
    if (q[k] === undefined)
      problems.push({ field: `/querystring/${k}`, expected: 'required with agency: a date-time' });
  if (problems.length) throw consoleErrors.invalidRequest(problems);
  const from = new Date(q.from as string);
  const to = new Date(q.to as string);
  if (to.getTime() <= from.getTime())
    problems.push({ field: '/querystring/to', expected: 'a date-time after from' });
  else if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000)
    problems.push({
      field: '/querystring/to',
      expected: `at most ${MAX_RANGE_DAYS} days after from`,
    });
  if (problems.length) throw consoleErrors.invalidRequest(problems);
  return { kind: 'agency', agency: q.agency as string, from, to, limit: q.limit };
}

export function flowRoutes(reads: ConsoleReads): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: FlowSearch }>(
      '/api/v1/flows',
      {
        schema: {
          tags,
          summary: 'Find flows by event id, trace id, or agency and time range',
          returns: {
            200: {
              type: 'object',
              required: ['flows'],
              properties: { flows: { type: 'array', items: { type: 'object' } } },
            },
          },
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              eventId,
              traceId,
              agency,
              from: instant,
              to: instant,
              limit: limit(500, 50),
            },
          },
        },
      },
      async (request) => ({ flows: await reads.findFlows(flowQuery(request.query)) }),
    );

    app.get<{ Params: { eventId: string } }>(
      '/api/v1/flows/:eventId',
      {
        schema: {
          tags,
          summary: "One event's whole path",
          params: eventIdParams,
          returns: { 200: { type: 'object' } },
        },
      },
      async (request) => {
        const flow = await reads.flow(request.params.eventId);
        if (!flow) throw consoleErrors.flowNotFound(request.params.eventId);
        return flow;
      },
    );
  };
}
