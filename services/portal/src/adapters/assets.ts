// The pages' one stylesheet (@relais/web): the design system's core and only the components the
// portal's pages use, and the portal's few rules. No script: the pages work without one.
import { loadAssets as loadWebAssets, type Assets } from '@relais/web';

export { DSFR_PREFIX, type Assets } from '@relais/web';

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
.portal-proof pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.875rem}
.portal-hash{overflow-wrap:anywhere;font-family:monospace;font-size:.875rem}
.portal-actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.portal-actions form{margin:0}
.portal-notice h2{font-size:1.375rem;margin-top:1.5rem}
.portal-notice p{overflow-wrap:anywhere}
.fr-table table{width:100%}
.fr-table td,.fr-table th{overflow-wrap:anywhere}
`;

export const loadAssets = (): Assets =>
  loadWebAssets({ name: 'portal', components: COMPONENTS, css: PORTAL_CSS });
