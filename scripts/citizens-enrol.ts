// npm run citizens:enrol — enrols the demo citizens (infra/citizens) in their sectors: their
// pseudonym records go to relais.pseudonyms, where the gateway's directory reads them, and the keyed
// hash of each one's identité pivot to relais.identity-links, where the portal resolves a login.
import path from 'node:path';
import { IdentityLinks, identityKeyIn, PseudonymDirectory, pseudonymKeyIn } from '@relais/identity';
import { createKafka, createLogger, createProducer } from '@relais/kit';
import { toolKafka } from './lib/kafka.ts';
import { demoCitizens, enrolDemoCitizens } from './lib/demo-citizens.ts';
import { root } from './lib/preflight.ts';

const keysDir = process.env['GATEWAY_KEYS_DIR'] ?? path.join(root, 'infra', 'agencies', '.keys');
const bootstrap = await toolKafka();
const logger = createLogger({ service: 'enrol', level: 'warn' });
const kafka = createKafka({ brokers: bootstrap.split(','), clientId: 'relais-enrol', logger });
const producer = createProducer(kafka);
await producer.connect();
const directory = new PseudonymDirectory({
  kafka,
  producer,
  logger,
  key: pseudonymKeyIn(keysDir),
  dataDir: path.join(root, '.relais', 'enrol'),
  instance: 'enrol-script',
});
await directory.start();
const links = new IdentityLinks({
  kafka,
  producer,
  logger,
  key: identityKeyIn(keysDir),
  dataDir: path.join(root, '.relais', 'enrol', 'identity-links'),
  instance: 'enrol-script',
});
await links.start();
const enrolled = await enrolDemoCitizens(directory, links);
const names = Object.fromEntries(demoCitizens().map((c) => [c.handle, c.name]));
for (const [handle, sectors] of Object.entries(enrolled)) {
  console.log(
    `${names[handle]}: ${Object.entries(sectors)
      .map(([s, p]) => `${s}=${p.slice(0, 12)}…`)
      .join(' ')}`,
  );
}
await links.stop();
await directory.stop();
await producer.disconnect();
