// Publishing one event: validate, find the contract's schema id, encode in the Confluent wire
// format, wrap in a CloudEvents envelope and produce keyed by the publisher's pseudonym.
import { codecOf, contractSchemas } from '@relais/contracts/generated';
import {
  createEnvelope,
  envelopeToHeaders,
  validateEnvelope,
  validationError,
  type AvroSerde,
  type Clock,
  type Envelope,
  type FieldProblem,
  type IdGenerator,
  type RelaisProducer,
} from '@relais/kit';
import type { ContractName, PublishInput, PublishReceipt } from './types.ts';

export const MAX_SUBJECT_LENGTH = 128;

export function isContractName(name: unknown): name is ContractName {
  return typeof name === 'string' && Object.hasOwn(contractSchemas, name);
}

export interface PublisherDeps {
  source: string;
  topic: string;
  serde: AvroSerde;
  producer: RelaisProducer;
  clock: Clock;
  ids: IdGenerator;
}

/** Envelope headers as the caller named them, so an error points at the publish() input. */
const inputFieldOf: Record<string, string> = {
  ce_time: '/time',
  ce_purpose: '/purpose',
  ce_legalbasis: '/legalBasis',
  ce_consentid: '/consentId',
};

/** The problems of a publish() call's own arguments, before any envelope is built. */
export function inputProblems(
  contract: unknown,
  input: PublishInput<ContractName>,
): FieldProblem[] {
  if (!isContractName(contract)) {
    return [{ field: '/contract', expected: 'a Relais contract full name' }];
  }
  const problems: FieldProblem[] = [];
  const { subject, time } = input as { subject?: unknown; time?: unknown };
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > MAX_SUBJECT_LENGTH) {
    problems.push({
      field: '/subject',
      expected: `the citizen's pseudonym: a non-empty string of at most ${MAX_SUBJECT_LENGTH} characters`,
    });
  }
  problems.push(
    ...codecOf(contract)
      .validate(input.data)
      .map((p) => ({ field: `/data${p.field === '/' ? '' : p.field}`, expected: p.expected })),
  );
  if (time !== undefined && !(time instanceof Date && !Number.isNaN(time.getTime()))) {
    problems.push({ field: '/time', expected: 'a valid Date' });
  }
  return problems;
}

/** The envelope's problems (purpose, legal basis, consent), named as publish() inputs. */
function envelopeProblems(envelope: Envelope): FieldProblem[] {
  return validateEnvelope(envelope).map((p) => ({
    field: inputFieldOf[p.header] ?? p.header,
    expected: p.expected,
  }));
}

export function createPublisher(deps: PublisherDeps) {
  const schemaIds = new Map<ContractName, Promise<number>>();
  const schemaIdOf = (contract: ContractName): Promise<number> => {
    let id = schemaIds.get(contract);
    if (!id) {
      // RecordNameStrategy: the subject is the contract's full name.
      id = deps.serde.latestId(contract);
      schemaIds.set(contract, id);
      // A failed lookup (registry down) is not remembered.
      id.catch(() => schemaIds.delete(contract));
    }
    return id;
  };

  return async function publish<N extends ContractName>(
    contract: N,
    input: PublishInput<N>,
  ): Promise<PublishReceipt<N>> {
    if (typeof input !== 'object' || input === null) {
      throw validationError([{ field: '/', expected: 'an object { subject, data }' }]);
    }
    const base = {
      source: deps.source,
      type: contract,
      ...(input.purpose !== undefined ? { purpose: input.purpose } : {}),
      ...(input.legalBasis !== undefined ? { legalbasis: input.legalBasis } : {}),
      ...(input.consentId !== undefined ? { consentid: input.consentId } : {}),
      ...(input.time !== undefined ? { time: input.time } : {}),
    };
    const problems = inputProblems(contract, input as PublishInput<ContractName>);
    const canBuild = !problems.some((p) => p.field === '/contract' || p.field === '/time');
    const draft = canBuild ? createEnvelope(base, { clock: deps.clock, ids: deps.ids }) : undefined;
    if (draft) problems.push(...envelopeProblems(draft));
    if (problems.length || !draft) throw validationError(problems);

    const schemaId = await schemaIdOf(contract);
    // Validated again against the registered schema (an SDK older than the catalog says so here).
    const value = await deps.serde.encode(schemaId, input.data);
    const envelope: Envelope = {
      ...draft,
      dataschema: new URL(`schemas/ids/${schemaId}`, registryBase(deps.serde)).href,
    };
    const [meta] = await deps.producer.send(deps.topic, [
      { key: input.subject, value, headers: envelopeToHeaders(envelope) },
    ]);
    if (!meta) throw new Error(`Kafka returned no metadata for the record sent to ${deps.topic}`);
    return {
      id: envelope.id,
      contract,
      schemaId,
      topic: deps.topic,
      partition: meta.partition,
      offset: meta.baseOffset ?? meta.offset ?? '-1',
    };
  };
}

function registryBase(serde: AvroSerde): string {
  return serde.registryUrl.endsWith('/') ? serde.registryUrl : `${serde.registryUrl}/`;
}
