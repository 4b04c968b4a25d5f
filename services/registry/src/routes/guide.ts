// GET /guide: the integration guide the contract pages link to — the SDK's README, as Markdown.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import { registryErrors } from '../errors.ts';

const guide = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'packages',
  'sdk',
  'README.md',
);

export const guideRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/guide',
    {
      schema: {
        tags: ['catalog'],
        summary: 'The integration guide (Markdown)',
        response: {
          200: {
            description: "The SDK's README",
            content: { 'text/markdown': { schema: { type: 'string' } } },
          },
        },
        errors: [404],
      },
    },
    async (_req, reply) => {
      if (!existsSync(guide)) throw registryErrors.guideNotShipped();
      return reply.type('text/markdown; charset=utf-8').send(readFileSync(guide, 'utf8'));
    },
  );
};
