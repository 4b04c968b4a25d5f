// @relais/harness: the whole of Relais started in-process for tests across services (dec-023).
export * from './relais.ts';
export * from './fixtures.ts';
export type { Determined } from './determinations.ts';
export {
  harnessAccessNames,
  provisionPrincipals,
  type HarnessNames,
  type ProvisionedPrincipals,
} from './principals.ts';
