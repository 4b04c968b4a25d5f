// The records the notifier consumes, decoded: determinations from `relais.entitlements` and
// Relais' deliveries (only the contracts it handles are decoded; the others are skipped unread).
// A determination without a key is poison (dead-lettered by the kit's runner).
import { asConsentId } from '@relais/contracts';
import { asPseudonym } from '@relais/identity';
import {
  envelopeFromRecord,
  PoisonRecordError,
  type AvroSerde,
  type ConsumedRecord,
} from '@relais/kit';
import type { DeterminationReceived } from '../consumers/determination.ts';
import { isHandled, type Delivered, type Handled } from '../consumers/deliveries.ts';
import type { EntitlementEvent } from '../domain/entitlement.ts';

export function determinationDecoder(serde: AvroSerde) {
  return async (record: ConsumedRecord): Promise<DeterminationReceived> => {
    if (!record.key?.length)
      throw new PoisonRecordError('entitlement.no-key', 'key: expected the citizen pseudonym');
    const envelope = envelopeFromRecord(record);
    const { value } = await serde.decode<EntitlementEvent>(record.value);
    return {
      pseudonym: asPseudonym(record.key.toString()),
      event: value,
      consentId: envelope.consentid === undefined ? undefined : asConsentId(envelope.consentid),
    };
  };
}

/** A delivery the notifier handles, or one it skips. */
export type DecodedDelivery =
  { type: string; skip: true } | { type: Handled; skip: false; event: Delivered<Handled> };

export function deliveryDecoder(serde: AvroSerde) {
  return async (record: ConsumedRecord): Promise<DecodedDelivery> => {
    const { type } = envelopeFromRecord(record);
    if (!isHandled(type)) return { type, skip: true };
    const { value } = await serde.decode<Delivered<Handled>['value']>(record.value);
    return {
      type,
      skip: false,
      event: { pseudonym: asPseudonym(record.key?.toString() ?? ''), value },
    };
  };
}
