// What the counter remembers between two pages (@relais/web's server-side sessions): a sign-in
// under way, a France Services agent, or someone refused (who may only sign out). Pure.
import type { LoginRequest } from '@relais/web/text';
import type { Agent } from './agent.ts';

export interface PendingLogin extends LoginRequest {
  kind: 'login';
  /** Where to go back after sign-in: one of the counter's own paths. */
  next: string;
}

/**
 * A citizen confirming a new mandate by signing in once on the agent's screen (dec-040): the
 * provider's state and nonce, the agent who asked (their session's), the citizen the mandate
 * names (portal pseudonym) and its terms. Its own cookie: never the agent's session.
 */
export interface PendingConfirmation extends LoginRequest {
  kind: 'confirm';
  agentSub: string;
  citizen: string;
  terms: { scopes: string[]; durationDays: number; mode: string };
}

export interface AgentSession {
  kind: 'agent';
  agent: Agent;
  /** For RP-initiated logout (id_token_hint); carries only the provider's pairwise sub. */
  idToken: string;
  csrf: string;
  flash?: string;
  /** Where to go once the provider has signed the confirming citizen out. */
  afterConfirm?: string;
}

export interface RefusedSession {
  kind: 'refused';
  displayName: string;
  idToken: string;
  csrf: string;
}

export type CounterSessionData = PendingLogin | PendingConfirmation | AgentSession | RefusedSession;
