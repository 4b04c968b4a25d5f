// npm run eligibility:compare [-- --households 2000 --seed 14 --on 2026-09-15]
//
// Relais' rules against the reference French tax-benefit model, OpenFisca-France (pinned below,
// installed from PyPI into .relais/venv-openfisca by this script), on a seeded population: per
// benefit, the households, the agreement on eligibility where Relais answers, amounts within 1 €
// and within 5 %, the disagreements grouped by cause, and the share of `unknown`. Not part of
// `npm test` (it installs Python packages and takes a minute). docs/rules/comparison.md has the tables.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { population, type Household } from './eligibility-compare/population.ts';
import { onlyFactsBeforeIssue14, relaisDecisions } from './eligibility-compare/relais.ts';
import { report, type Reference } from './eligibility-compare/report.ts';

const OPENFISCA_FRANCE = '176.1.8';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const venv = path.join(root, '.relais', 'venv-openfisca');
const python = path.join(venv, 'bin', 'python');

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '14' },
    // A fixed day, not today: the same population and parameters on every run.
    on: { type: 'string', default: '2026-09-15' },
    json: { type: 'boolean', default: false },
    // Only the facts Relais had before issue 14 (the "before" column of docs/rules/comparison.md).
    before: { type: 'boolean', default: false },
  },
});
if (values.before) onlyFactsBeforeIssue14();
const on = values.on;
if (!/^\d{4}-\d{2}-\d{2}$/.test(on)) throw new Error('--on: expected YYYY-MM-DD');

function sh(cmd: string, args: string[], input?: string): string {
  const res = spawnSync(cmd, args, {
    input,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'inherit'],
  });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${res.status}`);
  return res.stdout;
}

function ensureOpenFisca(): void {
  if (!existsSync(python)) {
    console.error(`creating ${path.relative(root, venv)}`);
    mkdirSync(path.dirname(venv), { recursive: true });
    sh('python3', ['-m', 'venv', venv]);
  }
  const installed = spawnSync(
    python,
    ['-c', "import importlib.metadata as m; print(m.version('openfisca-france'))"],
    { encoding: 'utf8' },
  ).stdout.trim();
  if (installed !== OPENFISCA_FRANCE) {
    console.error(`installing openfisca-france==${OPENFISCA_FRANCE} from PyPI`);
    sh(python, ['-m', 'pip', 'install', '--quiet', `openfisca-france==${OPENFISCA_FRANCE}`]);
  }
}

/** The reference model's answers, kept by the hash of what it was given (runs differ by Relais only). */
function reference(households: Household[]): Reference[] {
  const month = on.slice(0, 7);
  const spec = JSON.stringify({ month, taxYear: Number(on.slice(0, 4)) - 2, households });
  const script = path.join(root, 'scripts', 'eligibility-compare', 'openfisca_run.py');
  const key = createHash('sha256')
    .update(OPENFISCA_FRANCE)
    .update(readFileSync(script))
    .update(spec)
    .digest('hex')
    .slice(0, 16);
  const cache = path.join(root, '.relais', 'eligibility-compare', `${key}.json`);
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8')) as Reference[];
  const out = sh(python, [script], spec);
  mkdirSync(path.dirname(cache), { recursive: true });
  writeFileSync(cache, out);
  return JSON.parse(out) as Reference[];
}

ensureOpenFisca();
const started = Date.now();
const households = population(Number(values.households), Number(values.seed), on);
const ref = reference(households);
const ofSeconds = (Date.now() - started) / 1000;
const relais = households.map((h, i) => relaisDecisions(h, ref[i] as Reference, on));
const table = report(households, ref, relais);
if (values.json) console.log(JSON.stringify(table, null, 2));
else {
  console.log(
    `openfisca-france ${OPENFISCA_FRANCE}, ${households.length} households (seed ${values.seed}), on ${on}; reference computed in ${ofSeconds.toFixed(1)} s\n`,
  );
  for (const line of table.lines) console.log(line);
}
