// The design system's components the console's pages use, and the console's own few rules: what
// the DSFR leaves to the page (the dashboard's figures, the search forms side by side, the flow's
// timeline, with the agents' faces' tables and facts from @relais/web). Colours are the DSFR's own tokens.
import { TABLE_CSS } from '@relais/web';

export const COMPONENTS = [
  'link',
  'button',
  'form',
  'input',
  'checkbox',
  'select',
  'alert',
  'badge',
  'table',
  'skiplink',
  'logo',
  'header',
  'footer',
] as const;

export const CONSOLE_CSS = `${TABLE_CSS}
[hidden]{display:none!important}
.console-stats{list-style:none;padding:0;margin:0 0 2rem;display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem}
.console-stats>li{padding:1rem 1.25rem;border:1px solid var(--border-default-grey)}
.console-stat--alert{border-left:.25rem solid var(--border-plain-warning)!important}
.console-stat__value{font-size:1.75rem;line-height:2.25rem;font-weight:700;margin:0 0 .5rem}
.console-stat__unit{font-size:1rem;line-height:1.5rem;font-weight:400}
.console-inline-form{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:flex-end;margin-bottom:2rem}
.console-inline-form .fr-input-group{flex:1 1 18rem}
.console-inline-form .fr-btn{margin-bottom:1.5rem}
.console-search{display:grid;grid-template-columns:repeat(auto-fit,minmax(17rem,1fr));gap:1.5rem;margin-bottom:2rem}
.console-search__form,.console-filters{border:1px solid var(--border-default-grey);padding:1rem 1.25rem}
.console-filters{margin-bottom:2rem}
.console-filters__fields{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:0 1.5rem}
.console-timeline{--ol-content:none;list-style:none;padding:0;margin:1.5rem 0 0;counter-reset:step}
.console-attempts{--ol-content:counter(li-counter) ".\\00a0\\00a0";margin:0 0 .5rem}
.console-step{position:relative;margin-left:.875rem;padding:0 0 1.5rem 1.75rem;border-left:2px solid var(--border-default-grey)}
.console-step:last-child{border-left-color:transparent}
.console-step::before{counter-increment:step;content:counter(step);position:absolute;left:-.9375rem;top:0;width:1.75rem;height:1.75rem;border-radius:50%;background:var(--background-action-high-blue-france);color:#fff;text-align:center;font-weight:700;line-height:1.75rem;font-size:.875rem}
.console-step--failed::before{background:var(--background-flat-error)}
.console-step--none::before{background:var(--background-contrast-grey);color:var(--text-default-grey)}
.console-card{border:1px solid var(--border-default-grey);padding:.75rem 1rem;margin-bottom:1rem}
.console-details{margin-bottom:1rem}
.console-details summary{cursor:pointer;font-weight:700;padding:.25rem 0}
.console-pick .fr-label{min-height:1.5rem}
.console-break{overflow-wrap:anywhere}
.console-problems{margin:0;padding-left:1rem}
`;
