// What the console remembers between two pages (@relais/web's server-side sessions): a sign-in
// under way, an operator, or an agent refused for want of the role (who may only sign out). Pure.
import type { LoginRequest } from '@relais/web/text';
import type { Operator } from './views.ts';

export interface PendingLogin extends LoginRequest {
  kind: 'login';
  /** Where to go back after sign-in: one of the console's own paths. */
  next: string;
}

export interface OperatorSession {
  kind: 'operator';
  operator: Operator;
  /** For RP-initiated logout (id_token_hint); carries only the provider's pairwise sub. */
  idToken: string;
  csrf: string;
  /** A message for the next page (one use). */
  flash?: string;
}

/** Signed in at the provider without the operator role: only sign-out is left. */
export interface RefusedSession {
  kind: 'refused';
  displayName: string;
  idToken: string;
  csrf: string;
}

export type ConsoleSessionData = PendingLogin | OperatorSession | RefusedSession;
