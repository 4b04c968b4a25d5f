// Each subscription's projection is a schema of its own, registered once under
// `<contract>.<subscription id>`: a delivery's value is readable by any Confluent deserializer and
// carries only the allowed fields.
import {
  asSubscriptionId,
  projectSchema,
  type Catalog,
  type SubscriptionId,
} from '@relais/contracts';
import type { AvroSerde } from '@relais/kit';

/** The registry's schema id of each subscription's projection. */
export async function registerProjections(
  serde: Pick<AvroSerde, 'register'>,
  catalog: Catalog,
): Promise<Map<SubscriptionId, number>> {
  const contracts = new Map(catalog.contracts.map((c) => [c.fullName, c]));
  const ids = new Map<SubscriptionId, number>();
  for (const s of catalog.subscriptions) {
    const contract = contracts.get(s.contract);
    if (!contract) continue;
    ids.set(
      asSubscriptionId(s.id),
      await serde.register(`${s.contract}.${s.id}`, projectSchema(contract.schema, s.fields)),
    );
  }
  return ids;
}
