// Relais' deliveries topic (`relais.deliveries.relais`, keyed by the Relais-sector pseudonym) as
// typed deliveries: the CloudEvents envelope from the headers, the value from its Avro bytes. A
// record without a key or an envelope is poison (dead-lettered by the kit's runner).
import { asConsentId, asEventId } from '@relais/contracts';
import { asPseudonym } from '@relais/identity';
import {
  envelopeFromRecord,
  PoisonRecordError,
  type AvroSerde,
  type ConsumedRecord,
} from '@relais/kit';
import type { Delivery } from '../consumers/apply-facts.ts';

export function deliveryDecoder(serde: AvroSerde) {
  return async (record: ConsumedRecord): Promise<Delivery> => {
    const envelope = envelopeFromRecord(record);
    if (!record.key?.length)
      throw new PoisonRecordError('delivery.no-key', 'key: expected the citizen pseudonym');
    const { value } = await serde.decode<Record<string, unknown>>(record.value);
    return {
      type: envelope.type,
      id: asEventId(envelope.id),
      time: envelope.time,
      purpose: envelope.purpose,
      consentId: envelope.consentid === undefined ? undefined : asConsentId(envelope.consentid),
      pseudonym: asPseudonym(record.key.toString()),
      value,
    };
  };
}
