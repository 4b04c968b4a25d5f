// What a contract, an agency and a subscription are, as the catalog declares them.
import type { CompatibilityLevel } from './compatibility/levels.ts';

export const dataCategories = [
  'identity',
  'address',
  'family',
  'income',
  'employment',
  'health',
  'disability',
  'education',
  'contact',
] as const;
export type DataCategory = (typeof dataCategories)[number];

/** public: not personal on its own; personal: personal data; sensitive: GDPR art. 9 categories. */
export const sensitivities = ['public', 'personal', 'sensitive'] as const;
export type Sensitivity = (typeof sensitivities)[number];

export const legalBases = ['consent', 'legal-obligation', 'public-task'] as const;
export type LegalBasis = (typeof legalBases)[number];

/** Schema attributes Relais adds to Avro (Avro keeps unknown attributes as metadata). */
export const ATTR = {
  owner: 'relais.owner',
  /** Further agencies allowed to publish the contract (a fact several agencies establish). */
  publishers: 'relais.publishers',
  compatibility: 'relais.compatibility',
  category: 'relais.category',
  sensitivity: 'relais.sensitivity',
} as const;

export interface FieldInfo {
  /** Dotted path from the contract's root record: `members.birthDate`. */
  path: string;
  name: string;
  doc: string;
  category: DataCategory;
  sensitivity: Sensitivity;
  /** The field's Avro type as written in the contract. */
  type: unknown;
  /** True for fields of the root record (the ones a subscription may list). */
  topLevel: boolean;
}

export interface Contract {
  /** `fr.gouv.residence.AddressChanged`: the Avro full name, the CloudEvents type, the subject. */
  fullName: string;
  name: string;
  namespace: string;
  /** `residence`: the last segment of the namespace; events travel on `relais.events.<domain>`. */
  domain: string;
  owner: string;
  /** Agencies that may publish it: the owner, then those `relais.publishers` lists. */
  publishers: string[];
  doc: string;
  compatibility: CompatibilityLevel;
  schema: Record<string, unknown>;
  /** Path relative to contracts/. */
  file: string;
  fields: FieldInfo[];
}

export interface Agency {
  id: string;
  name: string;
  sector: string;
  urn: string;
}

export interface Subscription {
  id: string;
  agency: string;
  contract: string;
  purpose: string;
  legalBasis: LegalBasis;
  gdpr: string;
  law: string | null;
  lawNote?: string;
  fields: string[];
  doc: string;
}

export interface Catalog {
  contracts: Contract[];
  agencies: Agency[];
  subscriptions: Subscription[];
}

/** A problem in the catalog, naming where it is, the rule and what was expected. */
export interface CatalogProblem {
  where: string;
  rule: string;
  message: string;
}

/**
 * Relais contracts default to FULL_TRANSITIVE: a contract has one publisher and many consuming
 * agencies that upgrade on their own schedule, so every published version must stay readable
 * by the new one (backward) and the new one by every published reader (forward). See
 * docs/decisions.md dec-008. Subjects registered directly in the registry default to
 * BACKWARD_TRANSITIVE (BRIEF).
 */
export const DEFAULT_CONTRACT_COMPATIBILITY: CompatibilityLevel = 'FULL_TRANSITIVE';
