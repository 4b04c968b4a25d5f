// Who may enter the console: an agent whose verified claims (the userinfo JWT of a ProConnect-shaped
// provider, dec-029) hold the `operator` role in `relais_roles`. Anyone else signed in — a steward,
// a France Services agent, an agent of no role — is refused by name; the console never asks for or
// keeps an e-mail. Pure.
import type { Operator } from './views.ts';

export const OPERATOR_ROLE = 'operator';

/** The Relais roles a provider's claims carry: a list of strings (or one space-separated string). */
export function rolesOf(claims: Readonly<Record<string, unknown>>): string[] {
  const raw = claims['relais_roles'];
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/\s+/) : [];
  return list.filter((r): r is string => typeof r === 'string' && r !== '');
}

const text = (claims: Readonly<Record<string, unknown>>, name: string): string => {
  const v = claims[name];
  return typeof v === 'string' ? v.trim().replace(/\s+/g, ' ') : '';
};

/**
 * What the pages and the journal show: "Claire Dubois (Relais — exploitation)": the first given
 * name, the usual name, and the unit when the provider sends one.
 */
export function displayNameOf(claims: Readonly<Record<string, unknown>>): string {
  const given = text(claims, 'given_name').split(' ')[0] ?? '';
  const name = [given, text(claims, 'usual_name')].filter(Boolean).join(' ');
  const unit = text(claims, 'organizational_unit');
  const who = name === '' ? 'agent' : name;
  return unit === '' ? who : `${who} (${unit})`;
}

export type SignInVerdict =
  | { kind: 'operator'; operator: Operator }
  | { kind: 'refused'; displayName: string; reason: 'no-operator-role' };

/** An operator enters; any other identity is refused, and says who it was. */
export function judgeSignIn(sub: string, claims: Readonly<Record<string, unknown>>): SignInVerdict {
  const displayName = displayNameOf(claims);
  if (!rolesOf(claims).includes(OPERATOR_ROLE)) {
    return { kind: 'refused', displayName, reason: 'no-operator-role' };
  }
  return { kind: 'operator', operator: { sub, displayName } };
}
