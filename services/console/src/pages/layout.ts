// The frame of every console page (@relais/web's DSFR frame in the console's words): the operator's
// name in the header, the menu, the language switch, sign-out as a form. And the form parts and
// small pieces the console's pages share: fields with their messages; badges, a table with its
// caption and a list of facts are the agents' faces' (@relais/web, shared with the counter).
import {
  choiceFieldset as webChoiceFieldset,
  renderFacePage,
  selectInput as webSelectInput,
  textInput as webTextInput,
  type FaceContext,
  type FacePageOptions,
  type Html,
} from '@relais/web';
import type { FormError } from '../domain/forms.ts';
import type { Messages } from '../domain/i18n.ts';

export { csrfField, notice } from '@relais/web';

export type PageContext = FaceContext<Messages>;
export type PageOptions = FacePageOptions<FormError['message']>;

const NAV = [
  ['/', 'navHome'],
  ['/flows', 'navFlows'],
  ['/lag', 'navLag'],
  ['/dead-letters', 'navDeadLetters'],
  ['/webhooks', 'navWebhooks'],
  ['/audit', 'navAudit'],
  ['/journal', 'navJournal'],
] as const;

export const page = (ctx: PageContext, o: PageOptions): string => renderFacePage(ctx, NAV, o);

export const errorFor = (errors: readonly FormError[] | undefined, field: string) =>
  errors?.find((e) => e.field === field);

const message = (m: Messages, e: FormError | undefined) => (e ? m[e.message] : undefined);

export const textInput = (
  m: Messages,
  o: Omit<Parameters<typeof webTextInput>[0], 'error'> & { error?: FormError | undefined },
): Html => webTextInput({ ...o, error: message(m, o.error) });

export const selectInput = (
  m: Messages,
  o: Omit<Parameters<typeof webSelectInput>[0], 'error'> & { error?: FormError | undefined },
): Html => webSelectInput({ ...o, error: message(m, o.error) });

export const choiceFieldset = (
  m: Messages,
  o: Omit<Parameters<typeof webChoiceFieldset>[0], 'error'> & { error?: FormError | undefined },
): Html => webChoiceFieldset({ ...o, error: message(m, o.error) });

export { badge, facts, stackedTable as table, type BadgeKind } from '@relais/web';
