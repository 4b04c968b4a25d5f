// The contract pages: what an agency developer reads before integrating a contract. Pure
// functions returning HTML strings; every interpolated value goes through escapeHtml because
// docs and names come from files other teams write.
import type { Agency, Catalog, Contract, FieldInfo, Subscription } from '@relais/contracts';
import { deliveriesTopic, eventsTopic, ingressTopic } from '../domain/asyncapi.ts';

export interface Registered {
  id: number;
  version: number;
}

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const e = escapeHtml;
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const shortName = (name: string): string => name.slice(name.lastIndexOf('.') + 1);

/** Money is a `long` count of euro cents by convention (packages/kit logical-types.ts), not a type. */
const isMoney = (field: Pick<FieldInfo, 'name' | 'doc'>): boolean =>
  /cents$/i.test(field.name) || /\b(euro )?cents\b|centimes/i.test(field.doc);

/** An Avro type as a person reads it: `date`, `array<Member>`, `null | string`, `long (euro cents)`. */
export function renderAvroType(type: unknown, money = false): string {
  if (typeof type === 'string')
    return type === 'long' && money ? 'long (euro cents)' : shortName(type);
  if (Array.isArray(type)) return type.map((t) => renderAvroType(t, money)).join(' | ');
  if (!isObject(type)) return String(type);
  const logical = type['logicalType'];
  if (logical === 'date') return 'date';
  if (logical === 'timestamp-millis' || logical === 'timestamp-micros') return 'timestamp';
  if (logical === 'local-timestamp-millis' || logical === 'local-timestamp-micros')
    return 'local timestamp';
  if (logical === 'decimal')
    return `decimal(${String(type['precision'])}, ${String(type['scale'] ?? 0)})`;
  if (typeof logical === 'string') return logical;
  switch (type['type']) {
    case 'record':
    case 'error':
      return shortName(String(type['name']));
    case 'enum':
      return `enum ${shortName(String(type['name']))} {${((type['symbols'] as string[]) ?? []).join(', ')}}`;
    case 'fixed':
      return `fixed ${shortName(String(type['name']))}(${String(type['size'])})`;
    case 'array':
      return `array<${renderAvroType(type['items'], money)}>`;
    case 'map':
      return `map<${renderAvroType(type['values'], money)}>`;
    default:
      return renderAvroType(type['type'], money);
  }
}

const style = `
:root { color-scheme: light; --fg: #1b1b1f; --muted: #555a64; --line: #d5d8de; --accent: #000091; --bg-alt: #f4f5f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fff; }
header.top { background: var(--accent); color: #fff; padding: .6rem 1.5rem; }
header.top a { color: #fff; text-decoration: none; font-weight: 600; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.7rem; margin: .2rem 0 .4rem; overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid #ff9940; outline-offset: 2px; }
p.lead { font-size: 1.1rem; margin-top: 0; }
.fullname { color: var(--muted); font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .95rem; margin: 0; overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.2rem; margin: 1rem 0; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .93rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; color: var(--muted); }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--bg-alt); border-bottom: 2px solid var(--line); white-space: nowrap; }
tbody th { font-weight: 600; }
tr.nested th { padding-left: 1.6rem; font-weight: 400; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88rem; }
td code, dd code, th code { background: var(--bg-alt); padding: .05rem .3rem; border-radius: 3px; }
dd code { overflow-wrap: anywhere; }
th code { white-space: nowrap; }
.table-wrap { overflow-x: auto; }
.table-wrap:focus-visible { outline: 3px solid #ff9940; }
@media (max-width: 40rem) {
  main { padding: 1rem; }
  dl.facts { grid-template-columns: 1fr; gap: .1rem; }
  dl.facts dd { margin-bottom: .5rem; }
}
pre { background: #1e2230; color: #f1f3f7; padding: 1rem; border-radius: 6px; overflow-x: auto; line-height: 1.4; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .8rem; font-weight: 600; border: 1px solid; }
.s-public { color: #18753c; border-color: #18753c; background: #e8f5ec; }
.s-personal { color: #8a5300; border-color: #b36b00; background: #fff4e0; }
.s-sensitive { color: #b3261e; border-color: #b3261e; background: #fdecea; }
.muted { color: var(--muted); }
details summary { cursor: pointer; color: var(--accent); padding: .3rem 0; }
td.nowrap { white-space: nowrap; }
footer { color: var(--muted); font-size: .85rem; margin-top: 3rem; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)} · Relais contracts</title>
<style>${style}</style>
</head>
<body>
<header class="top"><a href="/contracts">Relais · contract catalog</a></header>
<main>
${body}
</main>
</body>
</html>
`;
}

const contractHref = (fullName: string): string => `/contracts/${encodeURIComponent(fullName)}`;
/** Wide tables scroll on their own on a narrow screen; focusable so a keyboard can scroll them. */
const scrollable = (label: string, table: string): string =>
  `<div class="table-wrap" role="region" aria-label="${e(label)}" tabindex="0">\n${table}\n</div>`;

const agencyLabel = (id: string, agencies: Agency[]): string => {
  const agency = agencies.find((a) => a.id === id);
  return agency
    ? `${e(agency.name)} <span class="muted">(<code>${e(id)}</code>)</span>`
    : `<code>${e(id)}</code>`;
};

export function renderContractsIndex(catalog: Catalog): string {
  const domains = [...new Set(catalog.contracts.map((c) => c.domain))].sort();
  const sections = domains.map((domain) => {
    const rows = catalog.contracts
      .filter((c) => c.domain === domain)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(
        (c) => `<tr>
<th scope="row"><a href="${e(contractHref(c.fullName))}">${e(c.name)}</a><br><span class="fullname">${e(c.fullName)}</span></th>
<td>${agencyLabel(c.owner, catalog.agencies)}</td>
<td>${e(c.doc)}</td>
</tr>`,
      );
    return `<h2 id="domain-${e(domain)}">${e(domain)} <span class="muted">· topic <code>${e(eventsTopic(domain))}</code></span></h2>
${scrollable(
  `${domain} contracts`,
  `<table>
<thead><tr><th scope="col">Contract</th><th scope="col">Owner</th><th scope="col">What happened</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`,
)}`;
  });
  const empty = catalog.contracts.length === 0 ? '<p>No contract is declared yet.</p>' : '';
  return page(
    'Contracts',
    `<h1>Contracts</h1>
<p class="lead">The events agencies exchange through Relais, by domain. Each page says who publishes the event, who receives which fields and on what legal basis, and how to integrate it.</p>
<p>Machine-readable: <a href="/catalog">/catalog</a> (JSON) · <a href="/asyncapi.json">AsyncAPI 3.0 of the whole backbone</a></p>
${empty}${sections.join('\n')}`,
  );
}

function fieldsTable(contract: Contract): string {
  const rows = contract.fields.map(
    (f) => `<tr${f.topLevel ? '' : ' class="nested"'}>
<th scope="row"><code>${e(f.path)}</code></th>
<td><code>${e(renderAvroType(f.type, isMoney(f)))}</code></td>
<td>${e(f.category)}</td>
<td><span class="badge s-${e(f.sensitivity)}">${e(f.sensitivity)}</span></td>
<td>${e(f.doc)}</td>
</tr>`,
  );
  return scrollable(
    `Fields of ${contract.name}`,
    `<table id="fields">
<caption>${contract.fields.length} fields; indented rows are nested inside the field above. Subscriptions can list top-level fields only.</caption>
<thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Category</th><th scope="col">Sensitivity</th><th scope="col">Meaning</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`,
  );
}

function subscriptionsTable(subs: Subscription[], agencies: Agency[]): string {
  if (subs.length === 0) return '<p>No agency subscribes to this contract yet.</p>';
  const rows = subs.map(
    (s) => `<tr>
<th scope="row">${agencyLabel(s.agency, agencies)}<br><a href="/asyncapi/${e(encodeURIComponent(s.agency))}.json">AsyncAPI</a></th>
<td><code>${e(s.purpose)}</code>${s.doc ? `<br>${e(s.doc)}` : ''}</td>
<td class="nowrap">${e(s.legalBasis)}</td>
<td class="nowrap">${e(s.gdpr)}</td>
<td>${s.law ? e(s.law) : '<span class="muted">none (consent)</span>'}${s.lawNote ? `<br><span class="muted">${e(s.lawNote)}</span>` : ''}</td>
<td>${s.fields.map((f) => `<code>${e(f)}</code>`).join(', ')}</td>
</tr>`,
  );
  return scrollable(
    'Subscriptions',
    `<table id="subscriptions">
<thead><tr><th scope="col">Agency</th><th scope="col">Purpose</th><th scope="col">Legal basis</th><th scope="col">GDPR</th><th scope="col">Law</th><th scope="col">Fields received</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`,
  );
}

function integrate(contract: Contract, owner: Agency | undefined, registryUrl: string): string {
  const urn = owner?.urn ?? `urn:relais:agency:${contract.owner}`;
  const headers: Array<[string, string, string]> = [
    ['ce_specversion', '1.0', 'required'],
    ['ce_id', 'a UUID, unique per event (consumers deduplicate on it)', 'required'],
    ['ce_source', urn, 'required'],
    ['ce_type', contract.fullName, 'required'],
    ['ce_time', 'when the fact happened, RFC 3339 (2025-03-01T10:00:00Z)', 'required'],
    ['content-type', 'application/avro', 'recommended'],
    ['ce_purpose', 'why the data moves, kebab-case', 'optional'],
    ['ce_legalbasis', 'consent | legal-obligation | public-task', 'optional'],
    ['ce_consentid', 'the consent a consent-based flow relies on', 'optional'],
    ['traceparent', 'W3C trace context of the publish span', 'recommended'],
  ];
  const headerRows = headers
    .map(
      ([h, v, r]) =>
        `<tr><th scope="row"><code>${e(h)}</code></th><td>${e(v)}</td><td>${e(r)}</td></tr>`,
    )
    .join('\n');
  const topic = ingressTopic(contract.owner);
  const java = `# Producer of ${contract.owner}: Confluent KafkaAvroSerializer
key.serializer=org.apache.kafka.common.serialization.StringSerializer
value.serializer=io.confluent.kafka.serializers.KafkaAvroSerializer
schema.registry.url=${registryUrl}
# The subject is the contract full name, whatever the topic.
value.subject.name.strategy=io.confluent.kafka.serializers.subject.RecordNameStrategy
# Contracts are registered by Relais, never by a producer.
auto.register.schemas=false
use.latest.version=true
# Topic: ${topic}; key: your pseudonym of the citizen (never a NIR).`;
  const node = `import { randomUUID } from 'node:crypto';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';

const registry = new SchemaRegistry({ host: '${registryUrl}' });
const schemaId = await registry.getLatestSchemaId('${contract.fullName}');
const value = await registry.encode(schemaId, event);

await producer.send({
  topic: '${topic}',
  messages: [{
    key: pseudonym, // your pseudonym of the citizen, never a real identifier
    value,
    headers: {
      ce_specversion: '1.0',
      ce_id: randomUUID(),
      ce_source: '${urn}',
      ce_type: '${contract.fullName}',
      ce_time: new Date().toISOString(),
      'content-type': 'application/avro',
    },
  }],
});`;
  return `<h2 id="integrate">Integrate</h2>
<p>${e(owner?.name ?? contract.owner)} publishes on <code>${e(topic)}</code>; each subscriber reads its own <code>${e(deliveriesTopic('<agency>'))}</code> topic, with only the fields its subscription lists. Machine-readable description: <a href="/asyncapi/${e(encodeURIComponent(contract.owner))}.json">AsyncAPI of ${e(contract.owner)}</a>. Step by step: <a href="/guide">the integration guide</a> (<code>packages/sdk/README.md</code>).</p>
<h3>CloudEvents headers (Kafka binary mode)</h3>
${scrollable(
  'CloudEvents headers',
  `<table id="headers">
<thead><tr><th scope="col">Header</th><th scope="col">Value</th><th scope="col">Presence</th></tr></thead>
<tbody>
${headerRows}
</tbody>
</table>`,
)}
<h3>Java (Confluent serializer)</h3>
<pre><code>${e(java)}</code></pre>
<h3>Node.js (<code>@kafkajs/confluent-schema-registry</code>)</h3>
<pre><code>${e(node)}</code></pre>
<p>Subscribers read <code>relais.deliveries.&lt;agency&gt;</code> and decode with <code>registry.decode(message.value)</code>: the value carries the id of the (projected) schema it was written with.</p>
<h3>Avro schema</h3>
<details>
<summary>Show the schema registered under <code>${e(contract.fullName)}</code></summary>
<pre><code>${e(JSON.stringify(contract.schema, null, 2))}</code></pre>
</details>`;
}

export interface ContractPageInput {
  contract: Contract;
  catalog: Catalog;
  registered: Registered | undefined;
  registryUrl: string;
}

export function renderContractPage({
  contract,
  catalog,
  registered,
  registryUrl,
}: ContractPageInput): string {
  const owner = catalog.agencies.find((a) => a.id === contract.owner);
  const subs = catalog.subscriptions.filter((s) => s.contract === contract.fullName);
  const registration = registered
    ? `version ${registered.version} (schema id ${registered.id})`
    : '<span class="muted">not registered yet</span>';
  return page(
    contract.name,
    `<p><a href="/contracts">← All contracts</a></p>
<h1>${e(contract.name)}</h1>
<p class="fullname">${e(contract.fullName)}</p>
<p class="lead">${e(contract.doc)}</p>
<dl class="facts">
<dt>Owner</dt><dd>${agencyLabel(contract.owner, catalog.agencies)}</dd>
<dt>Domain topic</dt><dd><code>${e(eventsTopic(contract.domain))}</code></dd>
<dt>Registry subject</dt><dd><code>${e(contract.fullName)}</code> · ${registration}</dd>
<dt>Compatibility</dt><dd><code>${e(contract.compatibility)}</code></dd>
</dl>
<h2 id="fields-title">Fields</h2>
${fieldsTable(contract)}
<h2 id="subscriptions-title">Subscriptions</h2>
${subscriptionsTable(subs, catalog.agencies)}
${integrate(contract, owner, registryUrl)}
<footer>Source: <code>contracts/${e(contract.file)}</code></footer>`,
  );
}

export function renderNotFoundPage(name: string): string {
  return page(
    'Not found',
    `<h1>No such contract</h1>
<p>The catalog declares no contract named <code>${e(name)}</code>.</p>
<p><a href="/contracts">See all contracts</a></p>`,
  );
}
