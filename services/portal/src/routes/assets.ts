// The stylesheet (brotli or gzip when the browser takes it, cached for a year under a name that
// changes with its content), the design system's fonts and icons, and the portal's public key.
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { DSFR_PREFIX } from '../adapters/assets.ts';
import type { PortalDeps } from './web.ts';

const YEAR = 'public, max-age=31536000, immutable';

export function assetRoutes(deps: Pick<PortalDeps, 'assets' | 'signer'>) {
  const css = Buffer.from(deps.assets.css);
  const br = brotliCompressSync(css);
  const gz = gzipSync(css, { level: 9 });
  return async (app: FastifyInstance): Promise<void> => {
    app.get(deps.assets.cssPath, async (request, reply) => {
      const accept = String(request.headers['accept-encoding'] ?? '');
      reply
        .header('cache-control', YEAR)
        .header('vary', 'accept-encoding')
        .type('text/css; charset=utf-8');
      if (/\bbr\b/.test(accept)) return reply.header('content-encoding', 'br').send(br);
      if (/\bgzip\b/.test(accept)) return reply.header('content-encoding', 'gzip').send(gz);
      return reply.send(css);
    });
    app.get<{ Params: { '*': string } }>(`${DSFR_PREFIX}*`, async (request, reply) => {
      const file = deps.assets.file(request.params['*']);
      if (!file) return reply.status(404).type('text/plain').send('not found');
      return reply.header('cache-control', YEAR).type(file.type).send(file.body);
    });
    app.get('/.well-known/jwks.json', async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=300').send(deps.signer.jwks),
    );
  };
}
