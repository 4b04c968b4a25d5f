// One provider, two audiences that never meet: a client serves citizens (FranceConnect's shape)
// or agents (ProConnect's shape), never both. Account ids carry their audience, so a session, a
// code or a token opened for one can never be read as the other: a citizen's account id is their
// handle (as before: their pairwise `sub` stays the same), an agent's is `agent:<handle>`.

export const AUDIENCES = ['citizens', 'agents'] as const;
export type Audience = (typeof AUDIENCES)[number];

const AGENT_PREFIX = 'agent:';

export function accountId(audience: Audience, handle: string): string {
  return audience === 'agents' ? `${AGENT_PREFIX}${handle}` : handle;
}

/** The audience and handle an account id stands for. */
export function parseAccountId(id: string): { audience: Audience; handle: string } {
  return id.startsWith(AGENT_PREFIX)
    ? { audience: 'agents', handle: id.slice(AGENT_PREFIX.length) }
    : { audience: 'citizens', handle: id };
}
