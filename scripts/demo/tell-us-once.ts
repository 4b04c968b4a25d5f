// The tell-us-once scenario: consents, one publication, who received what and who was refused
// why, a revocation, the citizen's access log and its audit.
import { topics } from '@relais/contracts';
import type { Logger } from '@relais/kit';
import { AvroSerde, createKafka } from '@relais/kit';
import { auditAccessLog } from '@relais/router/audit';
import { citizenTokens } from '../lib/citizen-token.ts';
import { demoCitizens } from '../lib/demo-citizens.ts';
import { newTrace, type DemoTrace } from '../lib/trace-links.ts';
import { api, newAddress, tokenFor } from './agency-edge.ts';

type Json = Record<string, unknown>;
const say = (line: string): void => console.log(`  ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ScenarioDeps {
  brokers: string[];
  registryUrl: string;
  gatewayUrl: string;
  consentUrl: string;
  routerUrl: string;
  keysDir: string;
  logger: Logger;
  pseudonyms: Record<string, Record<string, string>>;
  /** The access log the audit reads (default: the deployment's, relais.access-log). */
  accessLogTopic?: string;
}

async function waitInbox(
  url: string,
  token: string,
  eventId: string,
  ms = 8000,
): Promise<Json | undefined> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const events = (await api(url, token, 'GET', '/v1/inbox?limit=500&wait=1')).body[
      'events'
    ] as Json[];
    const found = events.find((e) => e['id'] === eventId);
    if (found) return found;
  }
  return undefined;
}

export async function playTellUsOnce(deps: ScenarioDeps): Promise<void> {
  const names = Object.fromEntries(demoCitizens().map((c) => [c.handle, c.name]));
  const camille = deps.pseudonyms['camille'] ?? {};
  const agencies = ['caf', 'cpam', 'dgfip', 'france-travail'] as const;
  const tokens = Object.fromEntries(
    await Promise.all(
      agencies.map(async (a) => [a, await tokenFor(deps.gatewayUrl, deps.keysDir, a)] as const),
    ),
  );
  // Start each inbox from now: earlier runs of the demo may have left deliveries.
  for (const a of agencies) {
    const page = await api(deps.gatewayUrl, tokens[a] ?? '', 'GET', '/v1/inbox?limit=500');
    await api(deps.gatewayUrl, tokens[a] ?? '', 'POST', '/v1/inbox/ack', {
      cursor: page.body['next'],
    });
  }

  console.log(
    `\n— ${names['camille']} consents (portal token) to CAF and CPAM receiving her address`,
  );
  // What the portal would send for her once she signed in (scripts/demo/portal.ts does sign in).
  const citizen = (await citizenTokens(deps.keysDir, camille['portal'] ?? '')).consent;
  const consentIds: Record<string, string> = {};
  for (const a of ['caf', 'cpam']) {
    const res = await api(deps.consentUrl, citizen, 'POST', '/v1/me/consents', {
      purpose: 'address-update',
      recipient: a,
      categories: ['address'],
    });
    consentIds[a] = ((res.body['consent'] as Json)['id'] as string) ?? '';
    say(
      `consent to ${a.toUpperCase()} → ${res.status}, signed receipt ${(res.body['receipt'] as string).slice(0, 24)}… (verifiable at ${deps.consentUrl}/v1/consents/jwks)`,
    );
  }

  const proactive = await api(deps.consentUrl, citizen, 'POST', '/v1/me/consents', {
    purpose: 'proactive-eligibility',
    recipient: 'relais',
    categories: ['address', 'family', 'income', 'employment'],
  });
  say(
    `and opens her address, household, income and employment to Relais to detect benefits she may be missing (proactive-eligibility) → ${proactive.status}`,
  );

  console.log('\n— The mairie publishes her move once');
  const mairie = await tokenFor(deps.gatewayUrl, deps.keysDir, 'mairie-lyon');
  const publishMove = async (postcode: string, traced: DemoTrace = newTrace()) =>
    api(
      deps.gatewayUrl,
      mairie,
      'POST',
      '/v1/events/fr.gouv.residence.AddressChanged',
      {
        subject: camille['local'],
        purpose: 'address-update',
        data: { ...newAddress(), postcode, declaredAt: new Date().toISOString() },
      },
      traced.headers,
    );
  const firstTrace = newTrace();
  const first = await publishMove('69002', firstTrace);
  const firstId = first.body['id'] as string;
  say(`AddressChanged ${firstId.slice(0, 8)}… accepted (${first.status})${firstTrace.note}`);
  for (const a of agencies) {
    const got = await waitInbox(
      deps.gatewayUrl,
      tokens[a] ?? '',
      firstId,
      a === 'france-travail' ? 2000 : 8000,
    );
    if (got) {
      say(
        `${a.toUpperCase().padEnd(14)} received ${Object.keys(got['data'] as Json).join(', ')} — under its own pseudonym ${String(got['subject']).slice(0, 10)}…, basis ${String(got['legalBasis'])}${got['consentId'] ? `, consent ${String(got['consentId']).slice(0, 8)}…` : ''}`,
      );
    } else {
      say(
        `${a.toUpperCase().padEnd(14)} received nothing (no consent, no legal basis: deny by default)`,
      );
    }
  }

  console.log(`\n— ${names['camille']} revokes CAF's consent (one call); she moves again`);
  const revoked = await api(
    deps.consentUrl,
    citizen,
    'DELETE',
    `/v1/me/consents/${consentIds['caf']}`,
  );
  say(`revocation → ${revoked.status}`);
  const second = await publishMove('69003');
  const secondId = second.body['id'] as string;
  for (const a of ['cpam', 'caf'] as const) {
    const got = await waitInbox(
      deps.gatewayUrl,
      tokens[a] ?? '',
      secondId,
      a === 'caf' ? 3000 : 8000,
    );
    say(
      `${a.toUpperCase().padEnd(14)} ${got ? 'received the second move' : 'received nothing: refused, consent revoked'}`,
    );
  }
  const metrics = (await (await fetch(`${deps.routerUrl}/metrics`)).json()) as {
    events: number;
    deliveries: number;
    denials: Record<string, number>;
  };
  say(
    `router: ${metrics.events} events, ${metrics.deliveries} deliveries; denials counted by reason: ${Object.entries(
      metrics.denials,
    )
      .filter(([, n]) => n > 0)
      .map(([r, n]) => `${r} ${n}`)
      .join(', ')}`,
  );

  console.log(
    `\n— ${names['josette']}'s death, declared by the état civil, goes where the law says`,
  );
  const etat = await tokenFor(deps.gatewayUrl, deps.keysDir, 'etat-civil');
  const deathTrace = newTrace();
  const death = await api(
    deps.gatewayUrl,
    etat,
    'POST',
    '/v1/events/fr.gouv.civilstatus.DeathDeclared',
    {
      subject: deps.pseudonyms['josette']?.['civil-status'],
      data: {
        dateOfDeath: '2026-11-10',
        communeOfDeathCode: '69123',
        declaredAt: new Date().toISOString(),
      },
    },
    deathTrace.headers,
  );
  say(
    `DeathDeclared ${String(death.body['id']).slice(0, 8)}… accepted (${death.status})${deathTrace.note}`,
  );
  for (const a of ['cnav', 'caf', 'cpam']) {
    const t = await tokenFor(deps.gatewayUrl, deps.keysDir, a);
    const got = await waitInbox(deps.gatewayUrl, t, death.body['id'] as string);
    say(
      `${a.toUpperCase().padEnd(14)} ${got ? `received dateOfDeath ${String((got['data'] as Json)['dateOfDeath'])} (basis ${String(got['legalBasis'])})` : 'received nothing'}`,
    );
  }

  console.log(`\n— ${names['camille']}'s access log (GET /v1/me/access-log), and its audit`);
  await sleep(500);
  const log = (await api(deps.consentUrl, citizen, 'GET', '/v1/me/access-log')).body[
    'records'
  ] as Json[];
  for (const r of log.filter((x) => [firstId, secondId].includes(String(x['eventId'] ?? ''))).length
    ? log.filter((x) => [firstId, secondId].includes(String(x['eventId'])))
    : log.slice(0, 6)) {
    const recipient = r['recipient'] as Json | string;
    say(
      `${String(r['recordedAt'])}  ${typeof recipient === 'string' ? recipient : String(recipient['name'])}: ${(r['fields'] as string[]).join(', ')} (${String(r['legalBasis'])})`,
    );
  }
  const kafka = createKafka({
    brokers: deps.brokers,
    clientId: 'relais-demo-audit',
    logger: deps.logger,
  });
  const audit = await auditAccessLog(
    kafka,
    new AvroSerde(deps.registryUrl),
    deps.accessLogTopic ?? topics.accessLog.name,
  );
  say(
    `audit: ${audit.partitions.map((p) => `partition ${p.partition} ${p.records} records`).join(', ')} — ${audit.problems.length ? `${audit.problems.length} PROBLEM(S)` : 'every hash chain intact'} (npm run audit:verify)`,
  );
}
