// What a batch of facts or a campaign page leaves behind: the determinations on
// `relais.entitlements` (Avro, CloudEvents headers naming the consent), the changed profiles on
// their compacted changelog, then the profiles on disk — in that order, so a crash in between
// replays the batch and republishes the same determination ids.
import type { Pseudonym } from '@relais/identity';
import {
  envelopeToHeaders,
  type AvroSerde,
  type OutgoingRecord,
  type RelaisProducer,
} from '@relais/kit';
import { ENTITLEMENT_CONTRACT } from '../domain/determination.ts';
import type { Profile } from '../domain/profile.ts';
import type { Determination } from '../domain/reevaluate.ts';
import type { ProfileStore } from './profile-store.ts';

/** Publishes determinations and the changed profiles of a partition, then keeps the profiles. */
export type Commit = (
  partition: number,
  changed: Map<Pseudonym, Profile>,
  out: Determination[],
) => Promise<void>;

export interface DeterminationWriterDeps {
  producer: RelaisProducer;
  serde: AvroSerde;
  /** The registry id of `EntitlementDetermined`'s latest version. */
  schemaId: number;
  topic: string;
  store: ProfileStore;
  /** The purpose the determinations are made for (`ce_purpose`). */
  purpose: string;
}

export function determinationWriter(deps: DeterminationWriterDeps): Commit {
  const { producer, serde, schemaId, store } = deps;
  return async (partition, changed, out) => {
    const records: OutgoingRecord[] = await Promise.all(
      out.map(async ({ pseudonym, event, consentId }) => ({
        key: pseudonym,
        value: await serde.encode(schemaId, event as unknown as Record<string, unknown>),
        headers: envelopeToHeaders({
          specversion: '1.0',
          id: event.decisionId,
          source: 'urn:relais:agency:relais',
          type: ENTITLEMENT_CONTRACT,
          time: event.determinedAt.toISOString(),
          datacontenttype: 'application/avro',
          purpose: deps.purpose,
          legalbasis: 'consent',
          ...(consentId ? { consentid: consentId } : {}),
        }),
      })),
    );
    const docs = [...changed].map(([k, p]): [Pseudonym, string] => [k, JSON.stringify(p)]);
    // One after the other, never together: a request that reached the changelog's leader but not
    // the entitlements' (a broker killed in between) left profiles saying "applied" whose
    // determinations were never published; the partition's next owner, restoring them, skipped
    // the facts as duplicates and the citizen's notice was never sent (3-instance fault campaign).
    if (records.length) await producer.publish(deps.topic, records);
    await producer.publish(
      store.changelog,
      docs.map(([key, value]) => ({ key, value, partition })),
    );
    // A consent withdrawn while this batch was in flight wins: its profile is not written back,
    // and its tombstone goes after the profile just published (which it may have preceded).
    const [kept, late] = [
      docs.filter(([k]) => !store.isForgotten(partition, k)),
      docs.filter(([k]) => store.isForgotten(partition, k)),
    ];
    if (late.length)
      await producer.publish(
        store.changelog,
        late.map(([key]) => ({ key, value: null, partition })),
      );
    store.putMany(partition, kept);
  };
}
