// What every entry script checks first: the runtime the project pins.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Node 24 LTS comes from the `node` devDependency, which npm scripts put first on the PATH. */
export function checkNode(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 24) {
    console.error(
      `Relais runs on Node 24 LTS, this is Node ${process.versions.node}. ` +
        'Run it through npm (npm test, npm start), which uses the Node 24 installed by `npm ci` ' +
        'in node_modules/.bin.',
    );
    process.exit(1);
  }
}

/**
 * Web pages are tested in Debian's Chromium (with playwright-core, which brings no browser).
 * Installs it when missing and this process may (root with apt-get); otherwise says how.
 */
export function ensureChromium(): void {
  const chromium = process.env['RELAIS_CHROMIUM'] ?? '/usr/bin/chromium';
  if (existsSync(chromium) || process.env['RELAIS_SKIP_BROWSER'] === '1') return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('Chromium is missing: installing Debian package chromium (once) ...');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const res = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (res.status === 0) return;
  }
  console.error(
    `Chromium not found at ${chromium}. Install it (Debian: sudo apt-get install chromium), ` +
      'set RELAIS_CHROMIUM to its path, or RELAIS_SKIP_BROWSER=1 to skip browser tests.',
  );
}

/**
 * libfaketime (Debian's `faketime`) runs the date-bound tests a year ahead. Installs it when
 * missing and this process may; false when it is still missing.
 */
export function ensureFaketime(): boolean {
  const found = () => spawnSync('faketime', ['-f', '+0d', 'true']).status === 0;
  if (found()) return true;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('faketime is missing: installing Debian package faketime (once) ...');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', '-qq', 'faketime'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  }
  if (found()) return true;
  console.error('faketime not found. Install it (Debian: sudo apt-get install faketime).');
  return false;
}

/** Where Schemathesis runs from (a project-local virtualenv), and its one pin. */
export const schemathesisVenv = path.join(root, '.relais', 'venv');
const schemathesisRequirements = path.join(root, 'packages', 'api-fuzz', 'requirements.txt');

/**
 * Schemathesis (packages/api-fuzz fuzzes every service's OpenAPI with it), exactly as pinned in
 * packages/api-fuzz/requirements.txt, in .relais/venv: created with `python3 -m venv` (Debian's
 * python3-venv installed when missing and this process may), installed with pip from PyPI, and
 * installed again whenever the pin changes. False when it could not be.
 */
export function ensureSchemathesis(): boolean {
  const bin = path.join(schemathesisVenv, 'bin', 'schemathesis');
  const installed = path.join(schemathesisVenv, 'relais-requirements.txt');
  const wanted = readFileSync(schemathesisRequirements, 'utf8');
  if (existsSync(bin) && existsSync(installed) && readFileSync(installed, 'utf8') === wanted)
    return true;
  const canVenv = () => spawnSync('python3', ['-c', 'import ensurepip, venv']).status === 0;
  if (!canVenv() && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('python3-venv is missing: installing Debian packages python3 python3-venv ...');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', '-qq', 'python3', 'python3-venv'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  }
  if (!canVenv()) {
    console.error(
      'python3 with venv not found. Install it (Debian: sudo apt-get install python3-venv).',
    );
    return false;
  }
  console.log(`Schemathesis: installing ${schemathesisRequirements} into ${schemathesisVenv} ...`);
  const venv = spawnSync('python3', ['-m', 'venv', '--clear', schemathesisVenv], {
    stdio: 'inherit',
  });
  const pip = spawnSync(
    path.join(schemathesisVenv, 'bin', 'pip'),
    ['install', '--disable-pip-version-check', '--quiet', '-r', schemathesisRequirements],
    { stdio: 'inherit' },
  );
  if (venv.status !== 0 || pip.status !== 0 || !existsSync(bin)) {
    console.error('Schemathesis could not be installed: see above.');
    return false;
  }
  copyFileSync(schemathesisRequirements, installed);
  return true;
}
