// What the notifier does with each contract delivered to Relais (`relais.deliveries.relais`): one
// entry per contract of the catalog, typed on the generated `ContractName`, so a new contract
// without a decision here fails to compile. Only claims concern notices; the facts are the
// eligibility service's.
import type { ContractName, ContractTypes } from '@relais/contracts/generated';
import type { Pseudonym } from '@relais/identity';
import { claimRecorded, type ClaimDeps } from './claim.ts';

/** A delivery of contract K: its subscription's fields, under the Relais-sector pseudonym. */
export interface Delivered<K extends ContractName> {
  pseudonym: Pseudonym;
  value: Partial<ContractTypes[K]>;
}

export type DeliveryDeps = ClaimDeps;

export type DeliveryHandler<K extends ContractName> = (args: {
  event: Delivered<K>;
  deps: DeliveryDeps;
}) => Promise<void>;

/** A contract the notifier does not read, and why. */
export interface Ignored {
  ignored: string;
}
const ignored = (reason: string): Ignored => ({ ignored: reason });
const facts = ignored("a fact for the eligibility service's rules, not about notices");

export const deliveryHandlers = {
  'fr.gouv.benefits.BenefitClaimed': claimRecorded,

  'fr.gouv.residence.AddressChanged': facts,
  'fr.gouv.family.HouseholdCompositionChanged': facts,
  'fr.gouv.tax.IncomeAssessed': facts,
  'fr.gouv.employment.EmploymentStatusChanged': facts,
  'fr.gouv.employment.JobseekerRegistered': facts,
  'fr.gouv.disability.DisabilityRecognitionGranted': facts,
  'fr.gouv.education.SchoolEnrolmentConfirmed': facts,
  'fr.gouv.family.HousingSituationDeclared': facts,
  'fr.gouv.family.BenefitPaymentsRecorded': facts,
  'fr.gouv.pensions.MonthlyResourcesDeclared': facts,
  'fr.gouv.disability.DisabilityFileStated': facts,
  'fr.gouv.pensions.WorkUnfitnessRecognised': facts,
  'fr.gouv.civilstatus.BirthDeclared': ignored('no relais subscription (never delivered)'),
  'fr.gouv.civilstatus.CivilUnionRegistered': ignored('no relais subscription (never delivered)'),
  'fr.gouv.civilstatus.DeathDeclared': ignored('no relais subscription (never delivered)'),
  'fr.gouv.relais.AccessRecorded': ignored("Relais' own access log, never delivered"),
  'fr.gouv.relais.ConsentGranted': ignored('consents are read from relais.consents (consent.ts)'),
  'fr.gouv.relais.ConsentRevoked': ignored('consents are read from relais.consents (consent.ts)'),
  'fr.gouv.relais.EntitlementDetermined': ignored(
    'read from relais.entitlements (determination.ts)',
  ),
  'fr.gouv.relais.EntitlementNoticeIssued': ignored('what this service publishes'),
  'fr.gouv.relais.RoutingDecided': ignored("the router's record for operators, never delivered"),
  'fr.gouv.relais.OperatorActed': ignored("the operators' journal, never delivered"),
  'fr.gouv.relais.MandatesChanged': ignored(
    "citizens' mandates to France Services, never delivered",
  ),
  'fr.gouv.relais.AgentActed': ignored("the counter agents' journal, never delivered"),
} satisfies { [K in ContractName]: DeliveryHandler<K> | Ignored };

export type Handled = {
  [K in ContractName]: (typeof deliveryHandlers)[K] extends Ignored ? never : K;
}[ContractName];

/** The contracts the notifier reads from Relais' deliveries (the others are not even decoded). */
export const isHandled = (type: string): type is Handled =>
  Object.hasOwn(deliveryHandlers, type) &&
  typeof deliveryHandlers[type as ContractName] === 'function';

/** Dispatches a delivery of a handled contract to its use case. */
export async function dispatchDelivery<K extends Handled>(
  type: K,
  event: Delivered<K>,
  deps: DeliveryDeps,
): Promise<void> {
  const handler = deliveryHandlers[type] as DeliveryHandler<K>;
  await handler({ event, deps });
}
