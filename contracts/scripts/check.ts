// npm run contracts:check — the catalog's rules, then every contract against its published
// versions under its compatibility level. Exit 1 naming the contract, the field and the rule.
import {
  checkEvolution,
  CONTRACTS_DIR,
  evolutionProblems,
  loadCatalog,
  loadPublished,
  validateCatalog,
} from '../src/index.ts';

// RELAIS_CONTRACTS_DIR: check another copy of the catalog (tests use it).
const dir = process.env['RELAIS_CONTRACTS_DIR'] ?? CONTRACTS_DIR;
const { catalog, problems } = loadCatalog(dir);
problems.push(...validateCatalog(catalog));
let compared = 0;
let unchanged = 0;
for (const contract of catalog.contracts) {
  const published = loadPublished(contract.fullName, dir);
  if (published.length === 0) {
    problems.push({
      where: contract.fullName,
      rule: 'contract.unpublished',
      message:
        'no published version in contracts/published/: run `npm run contracts:release` to publish v1',
    });
    continue;
  }
  const report = checkEvolution(contract, published);
  compared += 1;
  if (report.unchanged) unchanged += 1;
  problems.push(...evolutionProblems(report));
}
for (const p of problems) console.error(`✗ ${p.where}: ${p.rule}: ${p.message}`);
console.log(
  `${catalog.contracts.length} contracts, ${catalog.subscriptions.length} subscriptions, ${catalog.agencies.length} agencies; ` +
    `${compared} compared with their published versions (${unchanged} unchanged); ${problems.length} problem(s)`,
);
process.exitCode = problems.length ? 1 : 0;
