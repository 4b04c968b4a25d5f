// npm run compose:secrets [-- --dir .relais/compose]
//
// Writes what docker-compose.yml mounts beside the image (see scripts/lib/compose.ts): the broker's
// configuration with its SCRAM users, one password per service principal, the web services'
// OIDC client secrets and the identity provider's clients, then the services' development keys.
// Idempotent: what exists is kept. Never prints a secret.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalog } from '@relais/contracts';
import { ensureDevKeys } from '@relais/gateway/keys';
import { writeComposeSecrets } from './lib/compose.ts';
import { relaisAccessPlan } from './lib/kafka.ts';
import { root } from './lib/preflight.ts';

const { values } = parseArgs({
  options: { dir: { type: 'string', default: path.join(root, '.relais', 'compose') } },
});
const dir = path.resolve(values.dir);
const { created } = writeComposeSecrets(dir, relaisAccessPlan());
const keys = await ensureDevKeys(
  path.join(dir, 'keys'),
  loadCatalog().catalog.agencies.map((a) => a.id),
);
console.log(
  `${dir}: ${created.length + keys.created.length} files created, the others kept (mode 0600, never commit them)`,
);
