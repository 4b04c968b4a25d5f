// The frame of every counter page (@relais/web's DSFR frame in the counter's words): the agent's
// name in the header, the menu, the language switch, sign-out as a form; the agents' faces' table
// that stacks as cards at 375 px, badges and facts (@relais/web, shared with the console). Its
// stylesheet: the DSFR components used, the shared tables' rules and a few of its own.
import { renderFacePage, TABLE_CSS, type FaceContext, type FacePageOptions } from '@relais/web';
import type { FormError } from '../domain/forms.ts';
import type { Messages } from '../domain/i18n.ts';

export { csrfField, notice } from '@relais/web';

export type PageContext = FaceContext<Messages>;
export type PageOptions = FacePageOptions<FormError['message']>;

const NAV = [
  ['/', 'navHome'],
  ['/mandates/new', 'navNew'],
] as const;

export const page = (ctx: PageContext, o: PageOptions): string => renderFacePage(ctx, NAV, o);

export const COMPONENTS = [
  'link',
  'button',
  'form',
  'input',
  'checkbox',
  'radio',
  'select',
  'alert',
  'badge',
  'table',
  'skiplink',
  'logo',
  'header',
  'footer',
] as const;

export const COUNTER_CSS = `${TABLE_CSS}
[hidden]{display:none!important}
.counter-section{border-top:1px solid var(--border-default-grey);padding-top:1.5rem;margin-top:1.5rem}
.counter-inline{display:inline}
.counter-scopes{margin:0;padding-inline-start:1rem}
.counter-scopes li{margin-bottom:.25rem}
`;

export { badge, facts, stackedTable as table, type BadgeKind } from '@relais/web';
