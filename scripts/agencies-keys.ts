// npm run agencies:keys — development keys for the demo agencies (infra/agencies/.keys, not
// committed): an ES256 key pair per agency, the gateway's token secret, the pseudonym key, the
// operator token and the scrape token (metrics.token). Existing keys are kept.
import path from 'node:path';
import { loadCatalog } from '@relais/contracts';
import { ensureDevKeys } from '@relais/gateway/keys';
import { root } from './lib/preflight.ts';

const dir = process.env['GATEWAY_KEYS_DIR'] ?? path.join(root, 'infra', 'agencies', '.keys');
const { created } = await ensureDevKeys(
  dir,
  loadCatalog().catalog.agencies.map((a) => a.id),
);
console.log(
  created.length ? `created in ${dir}: ${created.join(', ')}` : `all keys already in ${dir}`,
);
