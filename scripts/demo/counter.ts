// The counter's part of the demo (issue 15): Lucienne Faure, Josette's neighbour, has no internet
// and no digital identity. At the Lyon 8e France Services, Nadia signs in the ProConnect way (the
// local identity provider, agents' audience), creates a mandate with Lucienne present (a signed
// printed attestation), and opens her facts to proactive eligibility (a consent with channel
// COUNTER). The agencies publish her facts as they do everybody's; Relais finds a benefit; Nadia
// prints the notice's letter for her. Through the counter's own pages, as a browser without
// JavaScript would go. Names are narration on stdout only: never in a URL or a log line.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoCitizens } from '../lib/demo-citizens.ts';
import { textOf, WebClient, type WebPage } from '../lib/web-client.ts';
import { api, tokenFor } from './agency-edge.ts';

const say = (line: string): void => console.log(`  ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface CounterDemoDeps {
  counterUrl: string;
  idpUrl: string;
  gatewayUrl: string;
  keysDir: string;
  pseudonyms: Record<string, Record<string, string>>;
  /** Where the printed letter is written (default .relais/demo). */
  outDir: string;
  /** How long to wait for the notice (ms). */
  waitMs?: number;
}

export interface CounterDemoResult {
  mandate: boolean;
  consent: boolean;
  letter?: string;
}

const LUCIENNE_BORN = '1948-03-09';

const h1 = (page: WebPage) => textOf(page.body, /<h1>([\s\S]*?)<\/h1>/);
const status = (page: WebPage) => textOf(page.body, /role="status"[^>]*>([\s\S]*?)<\/div>/);

/** Her facts, as the agencies publish everybody's: the move, the household, the income. */
async function publishHerFacts(deps: CounterDemoDeps, lucienne: Record<string, string>) {
  const [mairie, caf, dgfip] = await Promise.all(
    ['mairie-lyon', 'caf', 'dgfip'].map((a) => tokenFor(deps.gatewayUrl, deps.keysDir, a)),
  );
  const moved = await api(
    deps.gatewayUrl,
    mairie!,
    'POST',
    '/v1/events/fr.gouv.residence.AddressChanged',
    {
      subject: lucienne['local'],
      data: {
        street: '4 rue Saint-Maurice',
        additionalLine: null,
        postcode: '69008',
        cityCode: '69388',
        city: 'LYON',
        countryCode: 'FR',
        effectiveDate: '2026-10-01',
        moveKind: 'WITHIN_COMMUNE',
        declaredAt: new Date().toISOString(),
      },
    },
  );
  const household = await api(
    deps.gatewayUrl,
    caf!,
    'POST',
    '/v1/events/fr.gouv.family.HouseholdCompositionChanged',
    {
      subject: lucienne['family'],
      data: {
        effectiveDate: '2026-10-01',
        reason: 'OTHER',
        members: [{ role: 'APPLICANT', birthDate: LUCIENNE_BORN, dependent: false }],
      },
    },
  );
  const income = await api(
    deps.gatewayUrl,
    dgfip!,
    'POST',
    '/v1/events/fr.gouv.tax.IncomeAssessed',
    {
      subject: lucienne['tax'],
      data: {
        taxYear: 2025,
        referenceTaxIncomeCents: 860_000,
        taxSharesQuarters: 4,
        members: [{ role: 'DECLARANT', birthDate: LUCIENNE_BORN, sharedResidence: false }],
        assessmentDate: '2026-08-01',
      },
    },
  );
  say(
    `the mairie (her move within Lyon 8e → ${moved.status}), the CAF (she lives alone → ${household.status}), the DGFiP (2025 income 8 600 € → ${income.status})`,
  );
}

export async function playCounter(deps: CounterDemoDeps): Promise<CounterDemoResult> {
  const counter = deps.counterUrl;
  const lucienne = demoCitizens().find((c) => c.handle === 'lucienne');
  const pseudonyms = deps.pseudonyms['lucienne'];
  if (!lucienne?.identity || !pseudonyms) {
    say('Lucienne is not among the demo citizens: no counter demo');
    return { mandate: false, consent: false };
  }
  const web = new WebClient();
  console.log(
    `\n— ${lucienne.name}, Josette's neighbour, has no internet: she goes to France Services Lyon 8e (${counter})`,
  );
  const login = await web.go(`${counter}/login`);
  say(
    `the agents' sign-in (${deps.idpUrl}, ProConnect's shape): Nadia Benkirane picks her account`,
  );
  const home = await web.submit(login, 'Se connecter', { agent: 'nadia-benkirane' });
  if (!home.url.startsWith(counter) || home.status !== 200) {
    say(`sign-in did not come back to the counter (${home.status}); see the counter's log`);
    return { mandate: false, consent: false };
  }
  say(`« ${h1(home)} » — her structure's active mandates only, no search across citizens`);

  console.log(
    `\n— A mandate, ${lucienne.name.split(' ')[0]} present: a signed printed attestation`,
  );
  const id = lucienne.identity;
  const form = await web.go(`${counter}/mandates/new`);
  const created = await web.submit(form, 'Créer le mandat', {
    given_name: id.given_name,
    family_name: id.family_name,
    birthdate: id.birthdate,
    gender: id.gender,
    birthplace: id.birthplace,
    birthcountry: id.birthcountry,
    scopes: ['CONSENTS', 'NOTICES', 'PREFERENCES', 'DATA_FLOWS'],
    duration: '182',
    mode: 'IN_PERSON',
    attestationId: 'FS-LYON8-DEMO-0001',
  });
  const mandatePath = /\/mandates\/[0-9a-f-]{36}$/.exec(created.url)?.[0];
  if (created.status !== 200 || !mandatePath) {
    say(`the mandate was not created (${created.status}): see the counter's and consent's logs`);
    return { mandate: false, consent: false };
  }
  say(`${status(created)} — consents, notices, preferences, data flows; 182 days`);
  const attestation = await web.bytes(`${counter}${mandatePath}/attestation.pdf`);
  mkdirSync(deps.outDir, { recursive: true });
  const attestationFile = path.join(deps.outDir, 'counter-attestation.pdf');
  writeFileSync(attestationFile, attestation.body);
  say(
    `the attestation to print, sign and keep: ${path.relative(process.cwd(), attestationFile)} (${attestation.body.length} bytes)`,
  );

  console.log('\n— Nadia opens her facts to proactive eligibility, at the counter');
  const granted = await web.submit(created, 'Enregistrer le consentement', {
    purpose: 'proactive-eligibility',
  });
  const consent = /COUNTER/.test(textOf(granted.body, /id="consents"[^>]*>([\s\S]*?)<\/table>/));
  say(`${status(granted)} — channel COUNTER, under the mandate (journaled for her)`);

  console.log('\n— Her facts flow as everybody’s do');
  await publishHerFacts(deps, pseudonyms);

  const deadline = Date.now() + (deps.waitMs ?? 40_000);
  let href: string | undefined;
  let file = created;
  while (!href && Date.now() < deadline) {
    await sleep(500);
    file = await web.go(`${counter}${mandatePath}`);
    href = /href="(\/mandates\/[^"]+\/letter\.pdf)"/.exec(file.body)?.[1];
  }
  if (!href) {
    say('no notice yet: see the eligibility metrics and the notifier logs');
    return { mandate: true, consent };
  }
  const subject = textOf(file.body, /id="notices"[\s\S]*?<td[^>]*>([\s\S]*?)<\/td>/);
  say(`Relais finds: « ${subject} »`);

  console.log('\n— Nadia prints the notice’s letter and hands it to her');
  const letter = await web.bytes(`${counter}${href}`);
  if (letter.status !== 200 || letter.body.subarray(0, 5).toString() !== '%PDF-') {
    say(`the letter did not print (${letter.status})`);
    return { mandate: true, consent };
  }
  const letterFile = path.join(deps.outDir, 'counter-letter.pdf');
  writeFileSync(letterFile, letter.body);
  say(
    `${path.relative(process.cwd(), letterFile)} (${letter.body.length} bytes; the structure stands where the address goes)`,
  );
  say(
    'every step is journaled on relais.counter-actions; she would read it as « an agent of France Services Lyon 8e acting under your mandate »',
  );
  return { mandate: true, consent, letter: letterFile };
}
