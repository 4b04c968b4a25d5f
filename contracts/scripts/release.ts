// npm run contracts:release — after contracts:check passes, freezes every changed contract as
// its next published version (contracts/published/<full name>/v<N+1>.avsc).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson, CONTRACTS_DIR, loadCatalog, loadPublished } from '../src/index.ts';

const { catalog } = loadCatalog();
for (const c of catalog.contracts) {
  const published = loadPublished(c.fullName);
  const latest = published.at(-1);
  if (latest && canonicalJson(latest.schema) === canonicalJson(c.schema)) continue;
  const version = (latest?.version ?? 0) + 1;
  const file = path.join(CONTRACTS_DIR, 'published', c.fullName, `v${version}.avsc`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, readFileSync(path.join(CONTRACTS_DIR, c.file)));
  console.log(`published ${c.fullName} v${version}`);
}
