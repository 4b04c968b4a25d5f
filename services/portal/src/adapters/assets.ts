// The pages' one stylesheet: the French State design system (@gouvfr/dsfr, its licence accepted
// in .dsfr.yml, dec-023) — its core and only the components the pages use, the modern build
// without the legacy one — and the portal's few rules, concatenated once at start and served
// under a name that changes with its content (cached for a year). Fonts and the few icons the
// components point at are served from the package. No script: the pages work without one.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const COMPONENTS = [
  'link',
  'button',
  'connect',
  'form',
  'input',
  'checkbox',
  'radio',
  'select',
  'alert',
  'notice',
  'callout',
  'badge',
  'tag',
  'table',
  'skiplink',
  'logo',
  'header',
  'footer',
  'translate',
] as const;

/** The portal's own rules: what the design system leaves to the page. */
const PORTAL_CSS = `
.portal-list{list-style:none;padding:0;margin:0 0 1.5rem}
.portal-list>li{padding-bottom:0}
.portal-item{border:1px solid var(--border-default-grey);padding:1rem 1.5rem;margin-bottom:1rem}
.portal-facts{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.25rem 1rem;margin:0 0 1rem}
.portal-facts dt{font-weight:700}
.portal-facts dd{margin:0}
@media (max-width:36em){.portal-facts{grid-template-columns:1fr}.portal-facts dd{margin-bottom:.5rem}}
.portal-checks{list-style:none;padding:0}
.portal-checks li{display:flex;gap:.5rem;align-items:baseline;margin-bottom:.5rem}
.portal-tools{padding:.5rem 0}
.portal-proof pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.875rem}
.portal-hash{overflow-wrap:anywhere;font-family:monospace;font-size:.875rem}
.portal-actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.portal-actions form{margin:0}
.portal-notice h2{font-size:1.375rem;margin-top:1.5rem}
.portal-notice p{overflow-wrap:anywhere}
.portal-lang{display:inline-flex}
.fr-table table{width:100%}
.fr-table td,.fr-table th{overflow-wrap:anywhere}
`;

export const DSFR_PREFIX = '/assets/dsfr/';
const SERVED = /\.(woff2?|svg)$/;

export interface Assets {
  /** `/assets/portal-<hash>.css` */
  cssPath: string;
  css: string;
  /** A file of the design system under DSFR_PREFIX, or undefined. */
  file(rel: string): { body: Buffer; type: string } | undefined;
  /** For the licence notice and the report. */
  dsfrVersion: string;
}

export function loadAssets(): Assets {
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
    ...COMPONENTS.map((c) => read(`component/${c}/${c}.main.min.css`)),
    PORTAL_CSS,
  ];
  const css = `/*! DSFR v${version} | SPDX-License-Identifier: etalab-2.0 | Copyright © SIG */\n${parts.join('\n')}`;
  const hash = createHash('sha256').update(css).digest('hex').slice(0, 12);
  return {
    cssPath: `/assets/portal-${hash}.css`,
    css,
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
