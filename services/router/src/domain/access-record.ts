// One access record per delivery (fr.gouv.relais.AccessRecorded, before its hash chain): who
// received which fields of which contract, on which legal basis and consent, for what purpose.
// Pure: the time and the trace id are handed in.
import { createHash } from 'node:crypto';
import type { AgencyId, Contract, EventId, LegalBasis } from '@relais/contracts';
import type { AccessRecorded } from '@relais/contracts/generated';
import type { Delivery } from './route.ts';

export type UnchainedAccessRecord = Omit<AccessRecorded, 'previousHash' | 'hash'>;

/** Deterministic, so a delivery repeated after a crash is one record in the citizen's view. */
export const accessId = (eventId: EventId, agency: AgencyId): string =>
  createHash('sha256').update(`${eventId}\u0000${agency}`).digest('hex').slice(0, 32);

/** The catalog's words (subscriptions.yaml) to the contract's Avro symbols. */
export const legalBasisSymbol = {
  consent: 'CONSENT',
  'legal-obligation': 'LEGAL_OBLIGATION',
  'public-task': 'PUBLIC_TASK',
} as const satisfies Record<LegalBasis, AccessRecorded['legalBasis']>;

export function accessRecords(
  event: { id: EventId; contract: Contract },
  deliveries: readonly Delivery[],
  recordedAt: Date,
  traceId: string | null,
): UnchainedAccessRecord[] {
  return deliveries.map((d) => ({
    accessId: accessId(event.id, d.agency),
    eventId: event.id,
    recipient: d.agency,
    contract: event.contract.fullName,
    fields: d.fields,
    legalBasis: legalBasisSymbol[d.legalBasis],
    consentId: d.consentId,
    purpose: d.subscription.purpose,
    recordedAt,
    traceId,
  }));
}
