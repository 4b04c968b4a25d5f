// Which Zipkin server, where it is cached and run, and how it is configured.
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Zipkin server's executable jar on Maven Central (io.zipkin:zipkin-server, classifier exec).
 * 3.4.x runs on Java 17 (3.x needs 17+) and weighs 87 MB; 3.5 and 3.6 grew to 131–135 MB for
 * nothing the local UI uses.
 */
export const ZIPKIN_VERSION = '3.4.3';
export const ZIPKIN_COORDINATES = `io.zipkin:zipkin-server:${ZIPKIN_VERSION}:exec`;

export const INFRA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ZipkinOptions {
  /** Working folder: the state file (pid, port) and the server's log. */
  home: string;
  /** Maven repository the jar comes from (Maven Central, or a mirror of it). */
  repository: string;
  /**
   * Maven's local repository, where the jar is cached in Maven's layout beside the Kafka jars
   * Maven fetched: a fresh clone on the same machine finds it there.
   */
  localRepository: string;
  /** A Zipkin server jar of your own: used as is, nothing is downloaded. */
  jar: string | undefined;
  /** HTTP port of the API and UI, on 127.0.0.1 only. 0 picks a free port. */
  port: number;
  /** JVM heap, e.g. "256m": the in-memory store lives in it. */
  heap: string;
  /** Spans kept in memory; the oldest traces are dropped first past it (MEM_MAX_SPANS). */
  maxSpans: number;
  /** Deadline for /health to answer after the JVM starts. */
  startTimeoutMs: number;
  /** A download that receives nothing for this long is abandoned (Maven Central unreachable). */
  stallTimeoutMs: number;
}

function positive(raw: string | undefined, fallback: number): number {
  const n = Number(raw ?? fallback);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

export function defaultOptions(env: NodeJS.ProcessEnv = process.env): ZipkinOptions {
  return {
    home: path.resolve(env['RELAIS_ZIPKIN_HOME'] ?? path.join(INFRA_DIR, '.work')),
    repository: (env['RELAIS_MAVEN_REPOSITORY'] ?? 'https://repo.maven.apache.org/maven2').replace(
      /\/+$/,
      '',
    ),
    localRepository: path.resolve(
      env['RELAIS_MAVEN_LOCAL'] ?? path.join(homedir(), '.m2', 'repository'),
    ),
    jar: env['RELAIS_ZIPKIN_JAR'] ? path.resolve(env['RELAIS_ZIPKIN_JAR']) : undefined,
    port: positive(env['RELAIS_ZIPKIN_PORT'], 9411),
    heap: env['RELAIS_ZIPKIN_HEAP'] ?? '256m',
    maxSpans: positive(env['RELAIS_ZIPKIN_MAX_SPANS'], 50_000),
    startTimeoutMs: positive(env['RELAIS_ZIPKIN_START_TIMEOUT_MS'], 60_000),
    stallTimeoutMs: positive(env['RELAIS_ZIPKIN_STALL_TIMEOUT_MS'], 30_000),
  };
}

/** Where the jar lives in a Maven repository, remote or local. */
export const artifactPath = `io/zipkin/zipkin-server/${ZIPKIN_VERSION}/zipkin-server-${ZIPKIN_VERSION}-exec.jar`;

export const stateFile = (home: string): string => path.join(home, 'zipkin.json');
export const logFile = (home: string): string => path.join(home, 'logs', 'zipkin.log');

/** The persisted description of a running server: what `down` and `status` read. */
export interface ZipkinState {
  version: string;
  pid: number;
  port: number;
  /** Base URL: the API under /api/v2, the UI under /zipkin/. */
  url: string;
  jar: string;
  heap: string;
  maxSpans: number;
  startedAt: string;
  startupMs: number;
}

/** Where services send spans (the Zipkin exporter's endpoint) and where people look at them. */
export const spansEndpoint = (url: string): string => `${url}/api/v2/spans`;
export const uiUrl = (url: string): string => `${url}/zipkin/`;
export const traceUrl = (url: string, traceId: string): string => `${url}/zipkin/traces/${traceId}`;
