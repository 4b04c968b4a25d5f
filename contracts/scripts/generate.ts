// turbo `generate`: contracts/avro/**/*.avsc → src/generated/ (types, schemas, codecs).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { contractModule, indexModule, moduleFile } from '../src/codegen.ts';
import { CONTRACTS_DIR, loadCatalog } from '../src/load.ts';

const out = path.join(CONTRACTS_DIR, 'src', 'generated');
const { catalog, problems } = loadCatalog();
if (problems.length) {
  for (const p of problems) console.error(`${p.where}: ${p.rule}: ${p.message}`);
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
for (const c of catalog.contracts) {
  const file = path.join(out, moduleFile(c));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, contractModule(c));
}
writeFileSync(path.join(out, 'index.ts'), indexModule(catalog.contracts));
console.log(
  `generated types and codecs for ${catalog.contracts.length} contracts in ${path.relative(process.cwd(), out)}`,
);
