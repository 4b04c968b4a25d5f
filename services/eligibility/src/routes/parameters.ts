// GET /v1/parameters: the parameter book for everyone — what Relais applies, from when, why.
import type { FastifyInstance } from 'fastify';
import type { Parameter } from '../domain/parameters.ts';
import './swagger-types.ts';

export interface ParametersRouteDeps {
  book: Map<string, Parameter<unknown>>;
}

export async function parametersRoutes(
  app: FastifyInstance,
  deps: ParametersRouteDeps,
): Promise<void> {
  app.get(
    '/v1/parameters',
    {
      schema: {
        summary: 'Every parameter of every rule, its dated values and their sources',
        returns: {
          200: {
            type: 'object',
            required: ['parameters'],
            properties: {
              parameters: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'description', 'unit', 'values'],
                  properties: {
                    id: { type: 'string' },
                    description: { type: 'string' },
                    unit: { type: 'string', enum: ['EUR-cents', 'ratio', 'count', 'years'] },
                    values: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['from', 'value', 'source'],
                        properties: { from: { type: 'string' }, source: { type: 'string' } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    async () => ({
      parameters: [...deps.book.values()]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((p) => ({
          ...p,
          values: [...p.values].sort((a, b) => a.from.localeCompare(b.from)),
        })),
    }),
  );
}
