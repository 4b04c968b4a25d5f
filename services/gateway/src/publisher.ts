// Turns an accepted submission into a canonical event: the publisher's pseudonym re-keyed to the
// pivot, the data encoded with the contract's registered schema (Confluent wire format), the
// CloudEvents envelope with trace context, produced to relais.events.<domain> with acks=all.
// Shared by the HTTP routes and the native ingress consumer.
import { codecOf, type ContractName } from '@relais/contracts/generated';
import { topics, type Catalog } from '@relais/contracts';
import type { AvroSerde } from '@relais/kit';
import {
  AppError,
  createEnvelope,
  envelopeToHeaders,
  type Clock,
  type IdGenerator,
  type OutgoingRecord,
  type RelaisProducer,
} from '@relais/kit';
import type { PseudonymDirectory } from '@relais/identity';
import type { AgencyPrincipal } from './auth/types.ts';
import { decidePublish, type ContractInfo, type SubmittedEvent } from './domain/events.ts';

export interface Accepted {
  id: string;
  contract: string;
  topic: string;
  acceptedAt: string;
}

export interface PublisherDeps {
  catalog: Catalog;
  serde: AvroSerde;
  producer: RelaisProducer;
  directory: PseudonymDirectory;
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
        throw new AppError(
          'unavailable',
          `contract ${contract} is not registered in the registry yet`,
          [],
          { cause: err },
        );
      }
      schemaIds.set(contract, id);
    }
    return id;
  };

  /** Checks one submission and builds its record; throws AppError naming each bad field. */
  async function prepare(
    agency: AgencyPrincipal,
    contractName: string,
    event: SubmittedEvent,
    pointer = '/body',
    /** The publisher's own event id (native ingress keeps it); HTTP events get a new one. */
    eventId?: string,
  ) {
    const contract = contracts.get(contractName);
    const codec = contract ? codecOf(contract.fullName as ContractName) : undefined;
    const dataProblems =
      codec && event.data && typeof event.data === 'object' ? codec.validate(event.data) : [];
    const decision = decidePublish(agency.id, contract, contractName, event, dataProblems, pointer);
    if (!decision.ok) {
      const code =
        decision.status === 403 ? 'forbidden' : decision.status === 404 ? 'notFound' : 'validation';
      throw new AppError(code, decision.message, decision.problems);
    }
    const pivot = deps.directory.resolve(agency.sector, decision.subject);
    if (!pivot) {
      throw new AppError(
        'unprocessable',
        `${pointer}/subject: no citizen with this pseudonym is enrolled in sector ${agency.sector}`,
        [
          {
            field: `${pointer}/subject`,
            expected: `the pseudonym of an enrolled citizen in sector ${agency.sector}`,
          },
        ],
      );
    }
    const c = contract as ContractInfo;
    const envelope = createEnvelope(
      {
        source: agency.urn,
        type: c.fullName,
        ...(decision.purpose ? { purpose: decision.purpose } : {}),
        ...(decision.time ? { time: new Date(decision.time) } : {}),
      },
      { clock: deps.clock, ids: eventId ? () => eventId : deps.ids },
    );
    // decidePublish already refused any value its contract codec found a problem in.
    const value = await deps.serde.encode(await schemaId(c.fullName), event.data, {
      validated: true,
    });
    const record: OutgoingRecord = { key: pivot, value, headers: envelopeToHeaders(envelope) };
    return { topic: eventsTopic(c.domain), record, envelope };
  }

  return {
    prepare,
    /** Resolves once Kafka acknowledged every record (acks=all). */
    async publish(prepared: Array<Awaited<ReturnType<typeof prepare>>>): Promise<Accepted[]> {
      const byTopic = new Map<string, OutgoingRecord[]>();
      for (const p of prepared) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.record]);
      // Group commit: concurrent requests share Kafka requests; each resolves at its acks=all.
      await Promise.all(
        [...byTopic].map(([topic, records]) => deps.producer.publish(topic, records)),
      );
      const at = deps.clock.now().toISOString();
      return prepared.map((p) => ({
        id: p.envelope.id,
        contract: p.envelope.type,
        topic: p.topic,
        acceptedAt: at,
      }));
    },
  };
}

export type Publisher = ReturnType<typeof createPublisher>;
