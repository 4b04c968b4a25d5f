// The catalog as an AsyncAPI 3.0.0 document: what an agency sends, on which topic, and what it
// receives. Structure checked against the AsyncAPI 3.0.0 JSON Schema (channels hold an
// `address` and their `messages`; operations are top-level, point at their channel with a
// Reference Object and list messages as `$ref`s into that channel):
// https://unpkg.com/@asyncapi/specs@6.8.0/definitions/3.0.0/operation.json and
// https://www.asyncapi.com/blog/release-notes-3.0.0 ; Kafka message binding 0.5.0:
// https://github.com/asyncapi/bindings/tree/master/kafka
import type {
  Agency,
  Catalog,
  Contract,
  NamedTopic,
  RetentionSettings,
  Subscription,
  TopicFamily,
} from '@relais/contracts';
import {
  declarationOf,
  projectSchema,
  retentionMs,
  topicOf,
  topics,
  writtenByRelais,
} from '@relais/contracts';

export interface AsyncApiOptions {
  registryUrl: string;
  kafkaBootstrap?: string;
  /** Only this agency's view: what it sends and what it receives. */
  agency?: string;
  /** The deployment's retention choices: the deliveries' replay window told to agencies. */
  retention?: RetentionSettings;
}

type Json = Record<string, unknown>;

export const eventsTopic = (domain: string): string => topics.events.name(domain);
export const ingressTopic = (agency: string): string => topics.ingress.name(agency);
export const deliveriesTopic = (agency: string): string => topics.deliveries.name(agency);

/** AsyncAPI keys end up in `$ref` JSON pointers and code generators: keep them plain. */
export const asyncApiKey = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, '_');

const AVRO_FORMAT = 'application/vnd.apache.avro+json;version=1.9.0';

/** CloudEvents 1.0 Kafka binary mode, as packages/kit/src/envelope.ts writes and checks them. */
function ceHeaders(contract: Contract, sourceUrn: string | undefined): Json {
  const source: Json = {
    type: 'string',
    format: 'uri-reference',
    description: "The publishing agency's URN.",
  };
  if (sourceUrn) source['const'] = sourceUrn;
  return {
    type: 'object',
    description: 'CloudEvents 1.0 attributes in Kafka binary mode, plus W3C trace context.',
    required: ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time'],
    properties: {
      ce_specversion: { type: 'string', const: '1.0' },
      ce_id: {
        type: 'string',
        maxLength: 128,
        description: 'Unique per source (a UUID); consumers deduplicate on it.',
      },
      ce_source: source,
      ce_type: { type: 'string', const: contract.fullName, description: 'The contract full name.' },
      ce_time: {
        type: 'string',
        format: 'date-time',
        description: 'When the fact happened (RFC 3339).',
      },
      'content-type': { type: 'string', const: 'application/avro' },
      ce_dataschema: {
        type: 'string',
        format: 'uri',
        description: 'Registry URL of the schema the value was written with.',
      },
      ce_purpose: {
        type: 'string',
        pattern: '^[a-z][a-z0-9-]{1,63}$',
        description: 'Why the data moves (kebab-case purpose).',
      },
      ce_legalbasis: { type: 'string', enum: ['consent', 'legal-obligation', 'public-task'] },
      ce_consentid: { type: 'string', description: 'The consent a consent-based flow relies on.' },
      traceparent: {
        type: 'string',
        pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
        description: 'W3C Trace Context of the publish span.',
      },
    },
  };
}

type KeyKind = 'pivot' | 'publisher' | 'recipient';

const keyDescriptions: Record<KeyKind, string> = {
  pivot:
    "The citizen's Relais pivot pseudonym: keeps one citizen's events ordered on one partition. Never a real identifier (no NIR, no tax number).",
  publisher:
    "The citizen's pseudonym as known to the publishing agency; Relais maps it to the pivot. Never a real identifier (no NIR, no tax number).",
  recipient:
    "The citizen's pseudonym as known to the receiving agency, so agencies cannot link their records through Relais. Never a real identifier (no NIR, no tax number).",
};

function message(
  contract: Contract,
  schema: Json,
  key: KeyKind,
  sourceUrn: string | undefined,
  extra: Json = {},
): Json {
  return {
    name: contract.fullName,
    title: contract.name,
    summary: contract.doc,
    contentType: 'application/avro',
    headers: ceHeaders(contract, sourceUrn),
    payload: { schemaFormat: AVRO_FORMAT, schema },
    bindings: {
      kafka: {
        key: { type: 'string', description: keyDescriptions[key] },
        bindingVersion: '0.5.0',
      },
    },
    'x-relais': {
      owner: contract.owner,
      publishers: contract.publishers,
      compatibility: contract.compatibility,
      subject: contract.fullName,
      ...extra,
    },
  };
}

function deliveryMessage(
  contract: Contract,
  sub: Subscription,
  ownerUrn: string | undefined,
): Json {
  return message(contract, projectSchema(contract.schema, sub.fields), 'recipient', ownerUrn, {
    subscription: sub.id,
    purpose: sub.purpose,
    legalBasis: sub.legalBasis,
    gdpr: sub.gdpr,
    law: sub.law,
  });
}

interface Built {
  channels: Json;
  operations: Json;
  retention: RetentionSettings;
}

/**
 * The topic's declared retention and cleanup policy (contracts/src/retention.ts), as the Kafka
 * channel binding 0.5.0 writes them (`topicConfiguration`), with what they are kept for and why.
 */
function topicBinding(address: string, settings: RetentionSettings): Json {
  const found = declarationOf(address);
  if (!found) return {};
  const d: NamedTopic | TopicFamily = found.declaration;
  const ms = retentionMs(d.retention, settings);
  const cleanup = d.config['cleanup.policy'] ?? 'delete';
  const days = ms < 0 ? 'unlimited' : Math.round((ms / 86_400_000) * 100) / 100;
  return {
    bindings: {
      kafka: {
        topic: address,
        topicConfiguration: { 'cleanup.policy': [cleanup], 'retention.ms': ms },
        bindingVersion: '0.5.0',
      },
    },
    'x-relais-retention': {
      days,
      purpose: d.retention.purpose,
      reason: d.retention.reason,
    },
  };
}

function addChannel(out: Built, address: string, description: string, messages: Json): string {
  const key = asyncApiKey(address);
  out.channels[key] = {
    address,
    title: address,
    description,
    messages,
    ...topicBinding(address, out.retention),
  };
  return key;
}

function addOperation(
  out: Built,
  id: string,
  action: 'send' | 'receive',
  channelKey: string,
  summary: string,
): void {
  const messages = Object.keys((out.channels[channelKey] as { messages: Json }).messages);
  out.operations[id] = {
    action,
    summary,
    channel: { $ref: `#/channels/${channelKey}` },
    messages: messages.map((m) => ({ $ref: `#/channels/${channelKey}/messages/${m}` })),
  };
}

function ingress(out: Built, agency: Agency, owned: Contract[]): void {
  if (owned.length === 0) return;
  const messages: Json = {};
  for (const c of owned)
    messages[asyncApiKey(c.fullName)] = message(c, c.schema, 'publisher', agency.urn);
  const key = addChannel(
    out,
    ingressTopic(agency.id),
    `Where ${agency.name} publishes the events it owns; Relais validates, pseudonymises and routes them.`,
    messages,
  );
  addOperation(
    out,
    `${asyncApiKey(agency.id)}_send`,
    'send',
    key,
    `${agency.name} publishes its events`,
  );
}

function deliveries(
  out: Built,
  agency: Agency,
  catalog: Catalog,
  byName: Map<string, Contract>,
): void {
  const messages: Json = {};
  for (const sub of catalog.subscriptions.filter((s) => s.agency === agency.id)) {
    const contract = byName.get(sub.contract);
    if (!contract) continue;
    const owner = catalog.agencies.find((a) => a.id === contract.owner);
    messages[asyncApiKey(`${contract.name}_${sub.id}`)] = deliveryMessage(
      contract,
      sub,
      owner?.urn,
    );
  }
  if (Object.keys(messages).length === 0) return;
  const windowMs = topics.deliveries.retentionMs(out.retention);
  const key = addChannel(
    out,
    deliveriesTopic(agency.id),
    `What ${agency.name} receives: the events it subscribed to, reduced to the fields each subscription lists. Kept ${Math.round(windowMs / 86_400_000)} days (the replay window): re-read within it.`,
    messages,
  );
  addOperation(
    out,
    `${asyncApiKey(agency.id)}_receive`,
    'receive',
    key,
    `${agency.name} receives its subscriptions`,
  );
}

function events(out: Built, catalog: Catalog): void {
  for (const topic of [...new Set(catalog.contracts.map((c) => topicOf(c)))].sort()) {
    const messages: Json = {};
    const contracts = catalog.contracts.filter((x) => topicOf(x) === topic);
    for (const c of contracts) {
      const owner = catalog.agencies.find((a) => a.id === c.owner);
      messages[asyncApiKey(c.fullName)] = message(c, c.schema, 'pivot', owner?.urn);
    }
    const own = contracts.every(writtenByRelais);
    addChannel(
      out,
      topic,
      own
        ? `Relais' own topic: ${contracts.map((c) => c.name).join(', ')}, written by Relais' services.`
        : `Relais-internal topic of the ${contracts[0]?.domain ?? ''} domain: validated events keyed by pivot, before projection.`,
      messages,
    );
  }
}

export function buildAsyncApi(catalog: Catalog, options: AsyncApiOptions): Record<string, unknown> {
  const byName = new Map(catalog.contracts.map((c) => [c.fullName, c]));
  const out: Built = { channels: {}, operations: {}, retention: options.retention ?? {} };
  let title = 'backbone';
  let description =
    'Every Relais topic: the domain event topics, each agency ingress topic and each agency deliveries topic.';

  if (options.agency !== undefined) {
    const agency = catalog.agencies.find((a) => a.id === options.agency);
    if (!agency) throw new Error(`agency "${options.agency}" is not declared`);
    title = agency.name;
    description = `What ${agency.name} (${agency.id}) sends to Relais and receives from it.`;
    ingress(
      out,
      agency,
      catalog.contracts.filter((c) => c.publishers.includes(agency.id) && !writtenByRelais(c)),
    );
    deliveries(out, agency, catalog, byName);
  } else {
    events(out, catalog);
    for (const agency of catalog.agencies) {
      ingress(
        out,
        agency,
        catalog.contracts.filter((c) => c.publishers.includes(agency.id) && !writtenByRelais(c)),
      );
    }
    for (const agency of catalog.agencies) deliveries(out, agency, catalog, byName);
  }

  const registryUrl = options.registryUrl.replace(/\/+$/, '');
  return {
    asyncapi: '3.0.0',
    info: {
      title: `Relais — ${title}`,
      version: '1.0.0',
      description: `${description} Values are Avro, registered in the Relais schema registry under the contract full name (RecordNameStrategy).`,
      externalDocs: { description: 'Contract pages', url: `${registryUrl}/contracts` },
    },
    servers: {
      relais: {
        host: options.kafkaBootstrap ?? 'localhost:9092',
        protocol: 'kafka',
        description: `Relais Kafka brokers; schema registry at ${registryUrl}.`,
        bindings: {
          kafka: {
            schemaRegistryUrl: registryUrl,
            schemaRegistryVendor: 'confluent',
            bindingVersion: '0.5.0',
          },
        },
      },
    },
    defaultContentType: 'application/avro',
    channels: out.channels,
    operations: out.operations,
  };
}
