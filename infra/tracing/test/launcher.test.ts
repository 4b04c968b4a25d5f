// The local Zipkin launcher: its jar fetched and checked (against a local stand-in for Maven
// Central, which also plays the unreachable and the corrupt repository), and the real server
// started once on a free port, reused, fed a span and stopped.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cachedJarPath,
  checkJava,
  defaultOptions,
  down,
  fetchJar,
  PrerequisiteError,
  readState,
  status,
  up,
  type ZipkinOptions,
} from '../src/index.ts';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.ts');
const scratch = mkdtempSync(path.join(tmpdir(), 'relais-zipkin-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const hex = (algorithm: string, data: Buffer) => createHash(algorithm).update(data).digest('hex');

/** A Maven repository on a free port: what it answers for each path is up to the test. */
async function repository(
  answer: (url: string, res: http.ServerResponse) => void,
): Promise<{ url: string; close(): void }> {
  const server = http.createServer((req, res) => answer(req.url ?? '', res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/maven2`,
    close: () => server.close(),
  };
}

function options(repositoryUrl: string, overrides: Partial<ZipkinOptions> = {}): ZipkinOptions {
  return {
    ...defaultOptions({}),
    home: mkdtempSync(path.join(scratch, 'home-')),
    localRepository: mkdtempSync(path.join(scratch, 'm2-')),
    repository: repositoryUrl,
    stallTimeoutMs: 400,
    ...overrides,
  };
}

describe('the Zipkin server jar', () => {
  const jar = randomBytes(256 * 1024);
  const serving = (sha1 = hex('sha1', jar), md5 = hex('md5', jar)) =>
    repository((url, res) => {
      if (url.endsWith('.sha1')) res.end(`${sha1}\n`);
      else if (url.endsWith('.md5')) res.end(md5);
      else if (url.endsWith('-exec.jar')) res.end(jar);
      else res.writeHead(404).end();
    });

  it('is fetched once, checked, and cached in the Maven layout; a damaged copy is fetched again', async () => {
    const repo = await serving();
    const opts = options(repo.url);
    const lines: string[] = [];
    const first = await fetchJar(opts, (l) => lines.push(l));
    expect(first).toMatchObject({ downloaded: true, bytes: jar.length });
    expect(first.path).toBe(
      path.join(opts.localRepository, 'io/zipkin/zipkin-server/3.4.3/zipkin-server-3.4.3-exec.jar'),
    );
    expect(readFileSync(first.path).equals(jar)).toBe(true);
    expect(readFileSync(`${first.path}.sha1`, 'utf8').trim()).toBe(hex('sha1', jar));
    expect(lines.at(-1)).toMatch(/sha1 and md5 verified, cached at/);

    expect((await fetchJar(opts, () => undefined)).downloaded).toBe(false);
    writeFileSync(first.path, 'truncated');
    const again = await fetchJar(opts, () => undefined);
    expect(again.downloaded).toBe(true);
    expect(readFileSync(again.path).equals(jar)).toBe(true);
    repo.close();
  });

  it('is refused when it does not match the published checksums, and nothing is cached', async () => {
    const repo = await serving('0'.repeat(40));
    const opts = options(repo.url);
    await expect(fetchJar(opts, () => undefined)).rejects.toThrow(
      /does not match its published checksums.*nothing was cached/,
    );
    expect(existsSync(cachedJarPath(opts))).toBe(false);
    repo.close();
  });

  it('fails clearly, without hanging, when the repository does not answer', async () => {
    // Accepts the connection, never answers.
    const silent = await repository(() => undefined);
    const started = Date.now();
    const err = await fetchJar(options(silent.url), () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrerequisiteError);
    expect(String(err)).toMatch(/could not fetch io\.zipkin:zipkin-server:3\.4\.3:exec/);
    expect(String(err)).toMatch(
      /no answer within 400 ms.*RELAIS_MAVEN_REPOSITORY.*RELAIS_TRACING=off/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    silent.close();
  });

  it('fails clearly when the download stalls half-way, and leaves no partial file', async () => {
    const stalling = await repository((url, res) => {
      if (url.endsWith('.sha1') || url.endsWith('.md5')) {
        res.end('0');
        return;
      }
      res.writeHead(200, { 'content-length': String(jar.length) });
      res.write(jar.subarray(0, 1024)); // then nothing more
    });
    const opts = options(stalling.url);
    await expect(fetchJar(opts, () => undefined)).rejects.toThrow(/stalled: nothing received/);
    expect(readdirSync(path.dirname(cachedJarPath(opts)))).toEqual([]);
    stalling.close();
  });

  it('says what to do when Maven Central cannot be reached at all', async () => {
    const closed = await repository(() => undefined);
    closed.close();
    await expect(fetchJar(options(closed.url), () => undefined)).rejects.toThrow(
      /could not fetch .*ECONNREFUSED.*RELAIS_ZIPKIN_JAR/,
    );
  });
});

describe('the launcher', () => {
  it('says clearly when Java is missing', () => {
    const saved = process.env['JAVA_HOME'];
    process.env['JAVA_HOME'] = '/nonexistent-jdk';
    try {
      expect(() => checkJava()).toThrow(PrerequisiteError);
      expect(() => checkJava()).toThrow(/Java 17\+ is required.*JAVA_HOME.*RELAIS_TRACING=off/s);
    } finally {
      if (saved === undefined) delete process.env['JAVA_HOME'];
      else process.env['JAVA_HOME'] = saved;
    }
  });

  it('rejects a bad option with a message naming it', () => {
    const res = spawnSync(process.execPath, [cli, 'up', '--heap', 'lots'], { encoding: 'utf8' });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('--heap must be a JVM size such as 256m or 1g, got "lots"');
  });

  it('down is safe when nothing runs, twice', async () => {
    const home = mkdtempSync(path.join(scratch, 'idle-'));
    const lines: string[] = [];
    await down(home, (l) => lines.push(l));
    await down(home, (l) => lines.push(l));
    expect(lines).toEqual([
      expect.stringContaining('not running'),
      expect.stringContaining('not running'),
    ]);
  });

  // The real server, from Maven Central (or the cache): the only JVM this file starts.
  it(
    'starts Zipkin on a free port, reuses it, takes a span and stops it',
    { timeout: 240_000 },
    async () => {
      const opts = { ...defaultOptions(), home: mkdtempSync(path.join(scratch, 'real-')), port: 0 };
      const lines: string[] = [];
      try {
        const zipkin = await up(opts, (l) => lines.push(l));
        console.log(
          `Zipkin: jar ${zipkin.downloadMs ? `downloaded in ${zipkin.downloadMs} ms` : 'cached'}, ready in ${zipkin.startupMs} ms, RSS ${status(opts.home).rssMiB} MiB`,
        );
        expect(zipkin.reused).toBe(false);
        expect(zipkin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(status(opts.home)).toMatchObject({ alive: true, state: { pid: zipkin.pid } });

        const again = await up(opts, (l) => lines.push(l));
        expect(again).toMatchObject({ reused: true, pid: zipkin.pid, port: zipkin.port });
        expect(lines.at(-1)).toMatch(/already running/);

        const traceId = randomBytes(16).toString('hex');
        const posted = await fetch(`${zipkin.url}/api/v2/spans`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify([
            {
              traceId,
              id: randomBytes(8).toString('hex'),
              name: 'launcher test',
              timestamp: Date.now() * 1000,
              duration: 1000,
              localEndpoint: { serviceName: 'launcher-test' },
            },
          ]),
        });
        expect(posted.status).toBe(202);
        const read = async () => (await fetch(`${zipkin.url}/api/v2/trace/${traceId}`)).json();
        await expect
          .poll(read, { timeout: 5_000 })
          .toEqual([
            expect.objectContaining({ traceId, localEndpoint: { serviceName: 'launcher-test' } }),
          ]);
      } finally {
        await down(opts.home, (l) => lines.push(l));
      }
      expect(readState(opts.home)).toBeUndefined();
      expect(status(opts.home).alive).toBe(false);
    },
  );
});
