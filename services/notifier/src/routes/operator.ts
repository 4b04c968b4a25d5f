// For operators (operator token): the take-up funnel and the letters' print queue.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { NoticeId } from '@relais/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { NotifierStore } from '../adapters/store.ts';
import { errors } from '../errors.ts';
import './swagger-types.ts';

export interface OperatorRoutesDeps {
  store: Pick<NotifierStore, 'funnel'>;
  lettersDir: string;
  /** A letter not in this instance's print queue, rendered again (another instance printed it). */
  reprint?: (noticeId: NoticeId) => Promise<Buffer | undefined>;
  /** The operator-token hook (kit's operatorAuth). */
  operator: (request: FastifyRequest) => Promise<void>;
}

export async function operatorRoutes(
  app: FastifyInstance,
  deps: OperatorRoutesDeps,
): Promise<void> {
  const { store, operator } = deps;

  app.get(
    '/v1/funnel',
    {
      onRequest: operator,
      schema: {
        summary: 'Take-up funnel per benefit: notified → opened → claimed',
        tags: ['operator'],
        security: [{ operatorToken: [] }],
        returns: {
          200: {
            type: 'object',
            required: ['benefits'],
            properties: {
              benefits: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['benefit', 'notified', 'opened'],
                  properties: {
                    benefit: { type: 'string' },
                    notified: { type: 'integer' },
                    opened: { type: 'integer' },
                  },
                },
              },
            },
          },
        },
      },
    },
    async () => ({
      benefits: store.funnel(),
    }),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/letters/:id',
    {
      onRequest: operator,
      schema: {
        summary: 'A letter of the print queue (PDF)',
        tags: ['operator'],
        security: [{ operatorToken: [] }],
        returns: {
          200: {
            description: 'The letter',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
        },
      },
    },
    async (request, reply) => {
      const id = request.params.id.replace(/\.pdf$/, '');
      if (!/^[0-9a-f-]{36}$/.test(id)) throw errors.letterNotFound(id);
      const file = path.join(deps.lettersDir, `${id}.pdf`);
      const pdf = existsSync(file) ? readFileSync(file) : await deps.reprint?.(id as NoticeId);
      if (!pdf) throw errors.letterNotFound(id);
      return reply.type('application/pdf').send(pdf);
    },
  );
}
