// A citizen's notice preferences: the channels, the language, the addresses, a pause. What a
// notice can actually take from them, and what a set of preferences lacks.
import type { Language } from './types.ts';

export type Channel = 'PORTAL' | 'EMAIL' | 'POSTAL_LETTER';
export const CHANNELS: readonly Channel[] = ['PORTAL', 'EMAIL', 'POSTAL_LETTER'];
export type DeliveryStatus = 'PENDING' | 'SENT' | 'FAILED';

export interface Preferences {
  channels: Channel[];
  language: Language;
  email?: string;
  postalAddress?: { name: string; lines: string[] };
  /** The citizen asked for no more notices (consent to proactive-eligibility may remain). */
  paused?: boolean;
  updatedAt: string;
}

export const defaultPreferences = (at: string): Preferences => ({
  channels: ['PORTAL'],
  language: 'FR',
  updatedAt: at,
});

/**
 * Channels a notice can actually take, from the preferences: in-app when nothing else can.
 * E-mail needs an address and a mail server (`emailAvailable`), a letter a postal address.
 */
export function channelsFor(p: Preferences, emailAvailable: boolean): Channel[] {
  const usable = p.channels.filter(
    (c) =>
      c === 'PORTAL' ||
      (c === 'EMAIL' && Boolean(p.email) && emailAvailable) ||
      (c === 'POSTAL_LETTER' && Boolean(p.postalAddress?.lines.length)),
  );
  return usable.length ? usable : ['PORTAL'];
}

export type PreferencesProblem = 'email-missing' | 'postal-address-missing';

/** What chosen channels need and the preferences lack (none: they are complete). */
export function preferencesProblems(
  p: Pick<Preferences, 'channels' | 'email' | 'postalAddress'>,
): PreferencesProblem[] {
  const problems: PreferencesProblem[] = [];
  if (p.channels.includes('EMAIL') && !p.email) problems.push('email-missing');
  if (p.channels.includes('POSTAL_LETTER') && !p.postalAddress)
    problems.push('postal-address-missing');
  return problems;
}
