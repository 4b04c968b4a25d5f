export {
  DEFAULT_CITIZENS_FILE,
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
export { EIDAS_LEVELS, parseAcrValues, satisfies, type EidasLevel } from './domain/eidas.ts';
export { claimsForScopes, SCOPE_CLAIMS, SCOPES, IDENTITY_CLAIMS } from './domain/claims.ts';
export { pairwiseSub } from './domain/pairwise.ts';
export { type SigningAlg } from './keys.ts';
