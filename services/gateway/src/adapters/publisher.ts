// Turns an accepted submission into a canonical event: the publisher's pseudonym re-keyed to the
// pivot, the data encoded with the contract's registered schema (Confluent wire format), the
// CloudEvents envelope with trace context, produced to relais.events.<domain> with acks=all.
// Shared by the HTTP routes and the native ingress consumer; what to accept is decided by
// domain/events.ts.
import { codecOf, type ContractName } from '@relais/contracts/generated';
import { asEventId, topics, type Catalog, type EventId } from '@relais/contracts';
import type { PseudonymDirectory } from '@relais/identity';
import {
  createEnvelope,
  envelopeToHeaders,
  type AvroSerde,
  type Clock,
  type Envelope,
  type IdGenerator,
  type OutgoingRecord,
  type RelaisProducer,
} from '@relais/kit';
import type { AgencyPrincipal } from '../domain/agency.ts';
import {
  decidePublish,
  type ContractInfo,
  type PublishRefusal,
  type SubmittedEvent,
} from '../domain/events.ts';
import { gatewayErrors } from '../errors.ts';

export interface Accepted {
  id: EventId;
  contract: string;
  topic: string;
  acceptedAt: string;
}

/** A checked event, encoded and enveloped, ready to be produced. */
export interface Prepared {
  topic: string;
  record: OutgoingRecord;
  envelope: Envelope;
}

export type Preparation = { ok: true; prepared: Prepared } | { ok: false; refusal: PublishRefusal };

export interface PublisherDeps {
  catalog: Catalog;
  serde: AvroSerde;
  producer: RelaisProducer;
  directory: Pick<PseudonymDirectory, 'resolve' | 'loaded'>;
  clock: Clock;
  ids: IdGenerator;
}

export const eventsTopic = (domain: string): string => topics.events.name(domain);

export function createPublisher(deps: PublisherDeps) {
  const contracts = new Map<string, ContractInfo>(
    deps.catalog.contracts.map((c) => [
      c.fullName,
      { fullName: c.fullName, owner: c.owner, publishers: c.publishers, domain: c.domain },
    ]),
  );
  const schemaIds = new Map<string, number>();
  const schemaId = async (contract: string): Promise<number> => {
    let id = schemaIds.get(contract);
    if (id === undefined) {
      try {
        // The id of the very schema the contract codec validates with, not whatever is latest:
        // the value is encoded with the schema it was checked against.
        const schema = deps.catalog.contracts.find((c) => c.fullName === contract)?.schema ?? {};
        id = await deps.serde.idOf(contract, schema);
      } catch (err) {
        throw Object.assign(gatewayErrors.contractNotRegistered(contract), { cause: err });
      }
      schemaIds.set(contract, id);
    }
    return id;
  };

  /** Checks one submission and builds its record, or answers why it is refused. */
  async function prepare(
    agency: AgencyPrincipal,
    contractName: string,
    event: SubmittedEvent,
    pointer = '/body',
    /** The publisher's own event id (native ingress keeps it); HTTP events get a new one. */
    eventId?: EventId,
  ): Promise<Preparation> {
    // A gateway restarting listens before its directory is read: "unknown citizen" would be a
    // false, final answer (422); "not yet" is the true one, and the client retries (fault campaign).
    if (!deps.directory.loaded) throw gatewayErrors.directoryLoading();
    const contract = contracts.get(contractName);
    const codec = contract ? codecOf(contract.fullName as ContractName) : undefined;
    const decision = decidePublish({
      agency,
      contract,
      contractName,
      event,
      dataProblems:
        codec && event.data && typeof event.data === 'object' ? codec.validate(event.data) : [],
      pointer,
      pivotOf: (sector, pseudonym) => deps.directory.resolve(sector, pseudonym),
      now: deps.clock.now(),
    });
    if (!decision.ok) return decision;
    const envelope = createEnvelope(
      {
        source: agency.urn,
        type: decision.contract.fullName,
        ...(decision.purpose ? { purpose: decision.purpose } : {}),
        ...(decision.time ? { time: new Date(decision.time) } : {}),
      },
      { clock: deps.clock, ids: eventId ? () => eventId : deps.ids },
    );
    // decidePublish already refused any value its contract codec found a problem in.
    const value = await deps.serde.encode(await schemaId(decision.contract.fullName), event.data, {
      validated: true,
    });
    const record: OutgoingRecord = {
      key: decision.pivot,
      value,
      headers: envelopeToHeaders(envelope),
    };
    return {
      ok: true,
      prepared: { topic: eventsTopic(decision.contract.domain), record, envelope },
    };
  }

  return {
    prepare,
    /** Resolves once Kafka acknowledged every record (acks=all). */
    async publish(prepared: Prepared[]): Promise<Accepted[]> {
      const byTopic = new Map<string, OutgoingRecord[]>();
      for (const p of prepared) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.record]);
      // Group commit: concurrent requests share Kafka requests; each resolves at its acks=all.
      await Promise.all(
        [...byTopic].map(([topic, records]) => deps.producer.publish(topic, records)),
      );
      const at = deps.clock.now().toISOString();
      return prepared.map((p) => ({
        id: asEventId(p.envelope.id),
        contract: p.envelope.type,
        topic: p.topic,
        acceptedAt: at,
      }));
    },
  };
}

export type Publisher = ReturnType<typeof createPublisher>;
