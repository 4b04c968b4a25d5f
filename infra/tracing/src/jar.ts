// The Zipkin server's jar from Maven Central, checked against the SHA-1 and MD5 published beside
// it, and cached in Maven's local repository (~/.m2/repository) where the Kafka jars are cached.
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { artifactPath, ZIPKIN_COORDINATES, type ZipkinOptions } from './layout.ts';
import { PrerequisiteError, WITHOUT_TRACING } from './prerequisites.ts';

export interface ZipkinJar {
  path: string;
  /** False when it came from the cache (or RELAIS_ZIPKIN_JAR). */
  downloaded: boolean;
  bytes: number;
  ms: number;
}

type Log = (line: string) => void;

export function cachedJarPath(opts: Pick<ZipkinOptions, 'jar' | 'localRepository'>): string {
  return opts.jar ?? path.join(opts.localRepository, ...artifactPath.split('/'));
}

async function digest(file: string, algorithm: 'sha1' | 'md5'): Promise<string> {
  const hash = createHash(algorithm);
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** The first hex word of a Maven checksum file ("<hex>" or "<hex>  <name>"). */
const checksumOf = (text: string): string => text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';

function unreachable(url: string, opts: ZipkinOptions, cause: string): PrerequisiteError {
  return new PrerequisiteError(
    `could not fetch ${ZIPKIN_COORDINATES} from ${url} (${cause}). Check access to Maven Central` +
      ` (${opts.repository}), set RELAIS_MAVEN_REPOSITORY to a mirror of it or RELAIS_ZIPKIN_JAR` +
      ` to a zipkin-server exec jar you have (behind a proxy: NODE_USE_ENV_PROXY=1 with HTTPS_PROXY), ${WITHOUT_TRACING}.`,
  );
}

async function fetchText(url: string, opts: ZipkinOptions): Promise<string> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(opts.stallTimeoutMs) });
    if (!res.ok) throw unreachable(url, opts, `HTTP ${res.status}`);
    return await res.text();
  } catch (err) {
    if (err instanceof PrerequisiteError) throw err;
    throw unreachable(url, opts, describe(err, opts));
  }
}

function describe(err: unknown, opts: ZipkinOptions): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return `no answer within ${opts.stallTimeoutMs} ms`;
  // fetch() says "fetch failed" and puts the reason (ECONNREFUSED, ENOTFOUND...) in its cause.
  return err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message;
}

/** Streams `url` into `file`, abandoning it when no byte arrives for `stallTimeoutMs`. */
async function download(url: string, file: string, opts: ZipkinOptions): Promise<number> {
  const controller = new AbortController();
  let watchdog: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(watchdog);
    watchdog = setTimeout(
      () => controller.abort(new Error(`stalled: nothing received for ${opts.stallTimeoutMs} ms`)),
      opts.stallTimeoutMs,
    );
  };
  let bytes = 0;
  try {
    arm();
    const res = await fetch(url, { signal: controller.signal });
    if (!res.ok || !res.body) throw unreachable(url, opts, `HTTP ${res.status}`);
    const body = Readable.fromWeb(res.body as WebReadableStream);
    body.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      arm();
    });
    await pipeline(body, createWriteStream(file), { signal: controller.signal });
    return bytes;
  } catch (err) {
    rmSync(file, { force: true });
    if (err instanceof PrerequisiteError) throw err;
    const reason = controller.signal.aborted ? controller.signal.reason : err;
    throw unreachable(url, opts, describe(reason, opts));
  } finally {
    clearTimeout(watchdog);
  }
}

/**
 * The jar, downloaded once: a cached copy is used when its SHA-1 still matches the checksum
 * stored beside it; otherwise it is fetched again and checked against Maven Central's SHA-1 and
 * MD5 before it replaces anything. Never hangs: every request gives up after `stallTimeoutMs`
 * without data.
 */
export async function fetchJar(opts: ZipkinOptions, log: Log = console.log): Promise<ZipkinJar> {
  const started = Date.now();
  const target = cachedJarPath(opts);
  if (opts.jar) {
    if (!existsSync(opts.jar)) {
      throw new PrerequisiteError(`RELAIS_ZIPKIN_JAR names ${opts.jar}, which does not exist.`);
    }
    return { path: opts.jar, downloaded: false, bytes: 0, ms: 0 };
  }
  const sha1File = `${target}.sha1`;
  if (existsSync(target) && existsSync(sha1File)) {
    if ((await digest(target, 'sha1')) === checksumOf(readFileSync(sha1File, 'utf8'))) {
      return { path: target, downloaded: false, bytes: 0, ms: Date.now() - started };
    }
    log(`The cached ${path.basename(target)} does not match its checksum: fetching it again`);
  }

  const url = `${opts.repository}/${artifactPath}`;
  const [sha1, md5] = await Promise.all([
    fetchText(`${url}.sha1`, opts).then(checksumOf),
    fetchText(`${url}.md5`, opts).then(checksumOf),
  ]);
  mkdirSync(path.dirname(target), { recursive: true });
  log(`Fetching the Zipkin server (${ZIPKIN_COORDINATES}) from ${opts.repository} ...`);
  const part = `${target}.${process.pid}.part`;
  const bytes = await download(url, part, opts);
  const [gotSha1, gotMd5] = await Promise.all([digest(part, 'sha1'), digest(part, 'md5')]);
  if (gotSha1 !== sha1 || gotMd5 !== md5) {
    rmSync(part, { force: true });
    throw new PrerequisiteError(
      `${url} does not match its published checksums (sha1 ${gotSha1}, expected ${sha1}; md5 ${gotMd5}, expected ${md5}); nothing was cached. Try again, or check RELAIS_MAVEN_REPOSITORY.`,
    );
  }
  writeFileSync(sha1File, `${sha1}\n`);
  writeFileSync(`${target}.md5`, `${md5}\n`);
  renameSync(part, target);
  const ms = Date.now() - started;
  log(
    `Zipkin server jar: ${(bytes / 1024 / 1024).toFixed(0)} MiB in ${(ms / 1000).toFixed(1)} s, sha1 and md5 verified, cached at ${target}`,
  );
  return { path: target, downloaded: true, bytes, ms };
}
