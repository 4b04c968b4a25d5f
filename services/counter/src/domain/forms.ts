// The counter's forms, read and checked: the new mandate (the citizen's identité pivot, scopes,
// duration, mode, attestation number) and the consent granted at the counter. Each problem names
// its field and a message key; what was typed comes back on the page. Pure.
import {
  mandateDurations,
  mandateModes,
  mandateScopes,
  type MandateDuration,
  type MandateMode,
  type MandateScope,
} from '@relais/contracts';
import type { FormBody } from '@relais/web/text';
import type { Messages } from './words-fr.ts';

type MessageKey = {
  [K in keyof Messages]: Messages[K] extends string ? K : never;
}[keyof Messages];

export interface FormError {
  field: string;
  message: MessageKey;
}

export type { FormBody } from '@relais/web/text';

const one = (v: string | readonly string[] | undefined): string =>
  (typeof v === 'string' ? v : (v?.[0] ?? '')).trim();
const many = (v: string | readonly string[] | undefined): string[] =>
  typeof v === 'string' ? [v] : [...(v ?? [])];

export interface MandateForm {
  identity: {
    given_name: string;
    family_name: string;
    birthdate: string;
    gender: string;
    birthplace: string;
    birthcountry: string;
  };
  scopes: MandateScope[];
  durationDays: MandateDuration;
  mode: MandateMode;
  /** A signed printed attestation (its number), or the citizen signing in once on this screen. */
  confirmation: { kind: 'ATTESTATION'; attestationId: string } | { kind: 'FRANCECONNECT' };
}

export function readMandateForm(
  body: FormBody,
): { ok: true; form: MandateForm } | { ok: false; errors: FormError[] } {
  const errors: FormError[] = [];
  const identity = {
    given_name: one(body['given_name']),
    family_name: one(body['family_name']),
    birthdate: one(body['birthdate']),
    gender: one(body['gender']),
    birthplace: one(body['birthplace']).toUpperCase(),
    birthcountry: one(body['birthcountry']) || '99100',
  };
  if (!identity.given_name) errors.push({ field: 'given_name', message: 'errRequired' });
  if (!identity.family_name) errors.push({ field: 'family_name', message: 'errRequired' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(identity.birthdate))
    errors.push({ field: 'birthdate', message: 'errDate' });
  if (identity.gender !== 'female' && identity.gender !== 'male')
    errors.push({ field: 'gender-female', message: 'errChoice' });
  const scopes = many(body['scopes']).filter((s): s is MandateScope =>
    (mandateScopes as readonly string[]).includes(s),
  );
  if (!scopes.length) errors.push({ field: 'scopes-CONSENTS', message: 'errScopes' });
  const duration = Number(one(body['duration']));
  if (!(mandateDurations as readonly number[]).includes(duration))
    errors.push({ field: 'duration-1', message: 'errChoice' });
  const mode = one(body['mode']);
  if (!(mandateModes as readonly string[]).includes(mode))
    errors.push({ field: 'mode-IN_PERSON', message: 'errChoice' });
  const how = one(body['confirmation']) || 'ATTESTATION';
  if (how !== 'ATTESTATION' && how !== 'FRANCECONNECT')
    errors.push({ field: 'confirmation-ATTESTATION', message: 'errChoice' });
  const attestationId = one(body['attestationId']).toUpperCase();
  if (how === 'ATTESTATION' && !/^[A-Z0-9-]{6,40}$/.test(attestationId))
    errors.push({ field: 'attestationId', message: 'errAttestation' });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    form: {
      identity,
      scopes: [...new Set(scopes)],
      durationDays: duration as MandateDuration,
      mode: mode as MandateMode,
      confirmation:
        how === 'FRANCECONNECT'
          ? { kind: 'FRANCECONNECT' }
          : { kind: 'ATTESTATION', attestationId },
    },
  };
}

/** What an agent may grant at the counter: a purpose, its recipient and categories. */
export const COUNTER_OFFERS = {
  'proactive-eligibility': {
    recipient: 'relais',
    categories: ['address', 'family', 'income', 'employment'],
  },
  'address-update': { recipient: 'caf', categories: ['address'] },
} as const satisfies Record<string, { recipient: string; categories: readonly string[] }>;

export type CounterOffer = keyof typeof COUNTER_OFFERS;

export const isOffer = (v: string): v is CounterOffer => Object.hasOwn(COUNTER_OFFERS, v);
