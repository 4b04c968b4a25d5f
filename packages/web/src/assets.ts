// A face's one stylesheet: the French State design system (@gouvfr/dsfr, its licence accepted in
// .dsfr.yml) — its core and only the components the face's pages use, the modern build without
// the legacy one — and the face's own few rules, concatenated once at start and served under a
// name that changes with its content (cached for a year, brotli or gzip when the browser takes
// it). Fonts and the few icons the components point at are served from the package. Scripts, for
// a face that has any, are the face's own files, served the same way.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FRAME_CSS } from './dsfr.ts';

export const DSFR_PREFIX = '/assets/dsfr/';
const SERVED = /\.(woff2?|svg)$/;
const YEAR = 'public, max-age=31536000, immutable';

export interface AssetsOptions {
  /** Names the files: /assets/<name>-<hash>.css. */
  name: string;
  /** The design system's components the pages use (component/<c>/<c>.main.min.css). */
  components: readonly string[];
  /** The face's own rules: what the design system leaves to the page. */
  css: string;
  /** The face's scripts by short name (progressive enhancement only: pages work without). */
  scripts?: Readonly<Record<string, string>>;
}

export interface Assets {
  /** `/assets/<name>-<hash>.css` */
  cssPath: string;
  css: string;
  /** Each script's path (`/assets/<name>-<script>-<hash>.js`) by its short name. */
  scriptPaths: Readonly<Record<string, string>>;
  scripts: ReadonlyMap<string, string>;
  /** A file of the design system under DSFR_PREFIX, or undefined. */
  file(rel: string): { body: Buffer; type: string } | undefined;
  /** For the licence notice and the report. */
  dsfrVersion: string;
}

const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

export function loadAssets(o: AssetsOptions): Assets {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('@gouvfr/dsfr/package.json');
  const root = path.dirname(pkgFile);
  const dist = path.join(root, 'dist');
  const version = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string }).version;
  const read = (rel: string) => {
    const file = path.join(dist, rel);
    const css = readFileSync(file, 'utf8').replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
    // url(../fonts/x.woff2) relative to the file → /assets/dsfr/fonts/x.woff2
    return css.replace(/url\((['"]?)(?!data:|\/|https?:)([^'")]+)\1\)/g, (_m, _q, ref: string) => {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), ref));
      return `url(${DSFR_PREFIX}${target})`;
    });
  };
  const parts = [
    read('core/core.main.min.css'),
    ...o.components.map((c) => read(`component/${c}/${c}.main.min.css`)),
    FRAME_CSS,
    o.css,
  ];
  const css = `/*! DSFR v${version} | SPDX-License-Identifier: etalab-2.0 | Copyright © SIG */\n${parts.join('\n')}`;
  const scriptPaths: Record<string, string> = {};
  const scripts = new Map<string, string>();
  for (const [key, source] of Object.entries(o.scripts ?? {})) {
    const p = `/assets/${o.name}-${key}-${short(source)}.js`;
    scriptPaths[key] = p;
    scripts.set(p, source);
  }
  return {
    cssPath: `/assets/${o.name}-${short(css)}.css`,
    css,
    scriptPaths,
    scripts,
    dsfrVersion: version,
    file(rel) {
      const clean = path.posix.normalize(rel);
      if (clean.startsWith('..') || clean.startsWith('/') || !SERVED.test(clean)) return undefined;
      const full = path.join(dist, clean);
      if (!full.startsWith(dist + path.sep) || !existsSync(full)) return undefined;
      const type = clean.endsWith('.svg')
        ? 'image/svg+xml'
        : clean.endsWith('.woff2')
          ? 'font/woff2'
          : 'font/woff';
      return { body: readFileSync(full), type };
    },
  };
}

/** Sends a text asset compressed as the browser takes it, cached for a year. */
function compressed(type: string, text: string) {
  const raw = Buffer.from(text);
  const br = brotliCompressSync(raw);
  const gz = gzipSync(raw, { level: 9 });
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const accept = String(request.headers['accept-encoding'] ?? '');
    reply.header('cache-control', YEAR).header('vary', 'accept-encoding').type(type);
    if (/\bbr\b/.test(accept)) return reply.header('content-encoding', 'br').send(br);
    if (/\bgzip\b/.test(accept)) return reply.header('content-encoding', 'gzip').send(gz);
    return reply.send(raw);
  };
}

/** A text answer, for the OpenAPI document. */
const text = (type: string, description = 'The file') => ({
  description,
  content: { [type]: { schema: { type: 'string' } } },
});

/** The stylesheet, the face's scripts, and the design system's fonts and icons. */
export function assetRoutes(assets: Assets) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      assets.cssPath,
      { schema: { summary: 'The stylesheet', response: { 200: text('text/css') } } },
      compressed('text/css; charset=utf-8', assets.css),
    );
    for (const [p, source] of assets.scripts) {
      app.get(
        p,
        { schema: { summary: 'A script', response: { 200: text('text/javascript') } } },
        compressed('text/javascript; charset=utf-8', source),
      );
    }
    const file = { type: 'string', format: 'binary' };
    const dsfr = {
      summary: "The design system's fonts and icons",
      response: {
        200: {
          description: 'The file',
          content: {
            'font/woff2': { schema: file },
            'font/woff': { schema: file },
            'image/svg+xml': { schema: file },
          },
        },
        404: text('text/plain', 'No such file'),
      },
    };
    app.get<{ Params: { '*': string } }>(
      `${DSFR_PREFIX}*`,
      { schema: dsfr },
      async (request, reply) => {
        const file = assets.file(request.params['*']);
        if (!file) return reply.status(404).type('text/plain').send('not found');
        return reply.header('cache-control', YEAR).type(file.type).send(file.body);
      },
    );
  };
}
