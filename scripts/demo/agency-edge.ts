// The demo so far (foundation, contracts, agency edge). It narrates with the citizens' names
// from infra/citizens; only pseudonyms and pivots ever travel.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import { Partitioners } from 'kafkajs';
import { exampleMove, topics } from '@relais/contracts';
import type { DeathDeclared } from '@relais/contracts/generated';
import { createRelaisClient } from '@relais/sdk';
import {
  createEnvelope,
  createKafka,
  envelopeToHeaders,
  systemClock,
  type KafkaSasl,
  type Logger,
} from '@relais/kit';
import type { RunningGateway } from '@relais/gateway';
import type { IdentityLinks, Pivot } from '@relais/identity';
import { demoCitizens, enrolDemoCitizens } from '../lib/demo-citizens.ts';
import { newTrace } from '../lib/trace-links.ts';

interface DemoDeps {
  /** Where enrolment links each demo citizen's identité pivot (the portal's sign-in). */
  links?: IdentityLinks;
  /** The demo citizens' pivots by handle (default: the demo's own, kept across runs). */
  pivots?: Record<string, Pivot>;
  brokers: string[];
  registryUrl: string;
  gateway: RunningGateway;
  keysDir: string;
  logger: Logger;
  /** An agency's own Kafka principal (dec-031), when the cluster's credentials are at hand. */
  agencySasl?: (agency: string) => KafkaSasl | undefined;
}

type Json = Record<string, unknown>;
const say = (line: string): void => console.log(`  ${line}`);

export async function tokenFor(
  gatewayUrl: string,
  keysDir: string,
  agency: string,
): Promise<string> {
  const key = await importPKCS8(
    readFileSync(path.join(keysDir, `${agency}.private.pem`), 'utf8'),
    'ES256',
  );
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(agency)
    .setSubject(agency)
    .setAudience('relais-gateway')
    .setIssuedAt()
    .setExpirationTime('2m')
    .setJti(crypto.randomUUID())
    .sign(key);
  const res = await fetch(`${gatewayUrl}/v1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function api(
  url: string,
  token: string,
  method: string,
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${url}${p}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

export const newAddress = () => ({ ...exampleMove(), effectiveDate: '2026-11-01' });

export async function playAgencyEdgeDemo(
  deps: DemoDeps,
): Promise<Record<string, Record<string, string>>> {
  const url = deps.gateway.url;
  const names = Object.fromEntries(demoCitizens().map((c) => [c.handle, c.name]));
  console.log(
    '\n— Enrolment: one pseudonym per sector for each citizen; the pivot stays inside Relais',
  );
  const pseudonyms = await enrolDemoCitizens(deps.gateway.directory, deps.links, deps.pivots);
  for (const [handle, bySector] of Object.entries(pseudonyms)) {
    say(
      `${names[handle]}: ${Object.keys(bySector).length} sectors, e.g. family ${bySector['family']?.slice(0, 10)}…, health ${bySector['health']?.slice(0, 10)}…`,
    );
  }

  console.log(
    '\n— Publishing over HTTP (private_key_jwt → access token → POST /v1/events/{contract})',
  );
  const mairie = await tokenFor(url, deps.keysDir, 'mairie-lyon');
  const started = performance.now();
  const moveTrace = newTrace();
  const moved = await api(
    url,
    mairie,
    'POST',
    '/v1/events/fr.gouv.residence.AddressChanged',
    {
      subject: pseudonyms['camille']?.['local'],
      purpose: 'address-update',
      data: { ...newAddress(), declaredAt: new Date().toISOString() },
    },
    { 'idempotency-key': `demo-move-camille-${Date.now()}`, ...moveTrace.headers },
  );
  say(
    `Mairie de Lyon: ${names['camille']} moved → ${moved.status} in ${Math.round(performance.now() - started)} ms (acks=all), event ${String(moved.body['id'])} on ${String(moved.body['topic'])}, keyed by her pivot${moveTrace.note}`,
  );
  const bad = await api(url, mairie, 'POST', '/v1/events/fr.gouv.residence.AddressChanged', {
    subject: pseudonyms['camille']?.['local'],
    data: { postcode: 69002 },
  });
  const problems = (bad.body['problems'] as Array<{ field: string; expected: string }>).slice(0, 3);
  say(
    `a malformed event → ${bad.status}: ${problems.map((p) => `${p.field} expected ${p.expected}`).join('; ')}…`,
  );
  const caf = await tokenFor(url, deps.keysDir, 'caf');
  const foreign = await api(url, caf, 'POST', '/v1/events/fr.gouv.residence.AddressChanged', {
    subject: pseudonyms['camille']?.['family'],
    data: {},
  });
  say(
    `CAF tries to publish the mairie's contract → ${foreign.status}: ${String(foreign.body['message'])}`,
  );

  console.log(
    '\n— Publishing natively on Kafka with @relais/sdk (Confluent wire format, CloudEvents headers)',
  );
  const etatCivil = createRelaisClient({
    agency: 'etat-civil',
    brokers: deps.brokers,
    registryUrl: deps.registryUrl,
    logger: deps.logger,
    // As the agency itself: it may write only relais.ingress.etat-civil.
    sasl: deps.agencySasl?.('etat-civil'),
  });
  await etatCivil.connect();
  const death: DeathDeclared = {
    dateOfDeath: '2026-11-10',
    communeOfDeathCode: '69123',
    declaredAt: new Date(),
  };
  const receipt = await etatCivil.publish('fr.gouv.civilstatus.DeathDeclared', {
    subject: pseudonyms['josette']?.['civil-status'] ?? '',
    data: death,
    legalBasis: 'legal-obligation',
  });
  say(
    `État civil: death of ${names['josette']} declared → ${receipt.topic}; the gateway validates it and re-keys it to the pivot`,
  );
  await etatCivil.disconnect();
  const kafka = createKafka({
    brokers: deps.brokers,
    clientId: 'relais-demo',
    logger: deps.logger,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const envelope = (source: string, type: string, extra: Json = {}) =>
    envelopeToHeaders(
      createEnvelope(
        { source, type, ...extra },
        { clock: systemClock, ids: () => crypto.randomUUID() },
      ),
    );
  const ingress = topics.ingress.name('etat-civil');
  await producer.send({
    topic: ingress,
    messages: [
      {
        key: 'someone',
        value: '{"not":"avro"}',
        headers: envelope('urn:relais:agency:etat-civil', 'fr.gouv.civilstatus.DeathDeclared'),
      },
    ],
  });
  const etatToken = await tokenFor(url, deps.keysDir, 'etat-civil');
  let rejects: Json[] = [];
  for (let i = 0; i < 50 && rejects.length === 0; i += 1) {
    rejects = (await api(url, etatToken, 'GET', '/v1/rejects?limit=1')).body['rejects'] as Json[];
    if (!rejects.length) await new Promise((r) => setTimeout(r, 100));
  }
  say(
    `a JSON record on ${ingress} → rejected (${String(rejects[0]?.['reason'])}), listed at GET /v1/rejects; the partition goes on`,
  );

  await producer.disconnect();
  return pseudonyms;
}
