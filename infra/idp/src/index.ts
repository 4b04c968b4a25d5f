export {
  DEFAULT_AGENTS_FILE,
  DEFAULT_CITIZENS_FILE,
  loadAgents,
  loadCitizens,
  startIdp,
  type Idp,
  type IdpClient,
  type IdpOptions,
} from './idp.ts';
export {
  parseCitizens,
  CitizensFileError,
  type Citizen,
  type PivotIdentity,
} from './domain/citizens.ts';
export {
  AGENT_ROLES,
  AgentsFileError,
  isSiret,
  parseAgents,
  type Agent,
  type AgentIdentity,
  type AgentRole,
  type Structure,
} from './domain/agents.ts';
export { accountId, parseAccountId, type Audience } from './domain/audience.ts';
export { EIDAS_LEVELS, parseAcrValues, satisfies, type EidasLevel } from './domain/eidas.ts';
export {
  AGENT_SCOPE_CLAIMS,
  AGENT_SCOPES,
  claimsForScopes,
  SCOPE_CLAIMS,
  SCOPES,
  IDENTITY_CLAIMS,
} from './domain/claims.ts';
export { pairwiseSub } from './domain/pairwise.ts';
export { type SigningAlg } from './keys.ts';
