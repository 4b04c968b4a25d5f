// Java and Maven checks, and fetching the pinned Kafka jars from Maven Central.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { INFRA_DIR, KAFKA_VERSION } from './layout.ts';

export class PrerequisiteError extends Error {
  override readonly name = 'PrerequisiteError';
}

function javaCommand(): string {
  const home = process.env['JAVA_HOME'];
  return home ? path.join(home, 'bin', 'java') : 'java';
}

/** Kafka 4.x brokers need Java 17 or newer. */
export function checkJava(): { command: string; major: number } {
  const command = javaCommand();
  const res = spawnSync(command, ['-version'], { encoding: 'utf8' });
  if (res.error || res.status !== 0) {
    throw new PrerequisiteError(
      `Java 17+ is required to run the local Kafka broker, but "${command} -version" failed` +
        ` (${res.error?.message ?? `exit ${res.status}`}). Install a JDK 17+ (Debian: apt-get install openjdk-17-jdk-headless)` +
        ' or set JAVA_HOME, or point Relais at an existing cluster with KAFKA_BROKERS=host:port.',
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(res.stderr + res.stdout);
  const first = Number(match?.[1] ?? 0);
  const major = first === 1 ? Number(match?.[2] ?? 0) : first;
  if (major < 17) {
    throw new PrerequisiteError(
      `Java ${major} found at "${command}"; Kafka ${KAFKA_VERSION} needs Java 17 or newer. Set JAVA_HOME to a JDK 17+.`,
    );
  }
  return { command, major };
}

export function jarsPresent(jars: string): boolean {
  return existsSync(path.join(jars, `kafka_2.13-${KAFKA_VERSION}.jar`));
}

/** Copies kafka_2.13, kafka-tools and the Log4j 2 binding (pom.xml) into `jars`. Idempotent. */
export function fetchJars(jars: string, log: (line: string) => void = console.log): void {
  if (jarsPresent(jars)) return;
  const mvn = spawnSync('mvn', ['--version'], { encoding: 'utf8' });
  if (mvn.error || mvn.status !== 0) {
    throw new PrerequisiteError(
      'Maven is required once, to fetch Apache Kafka from Maven Central, but "mvn --version" failed' +
        ` (${mvn.error?.message ?? `exit ${mvn.status}`}). Install it (Debian: apt-get install maven)` +
        ' or point Relais at an existing cluster with KAFKA_BROKERS=host:port.',
    );
  }
  mkdirSync(jars, { recursive: true });
  log(`Fetching Apache Kafka ${KAFKA_VERSION} from Maven Central into ${jars} ...`);
  const res = spawnSync(
    'mvn',
    [
      '-B',
      '-q',
      '-f',
      path.join(INFRA_DIR, 'pom.xml'),
      'dependency:copy-dependencies',
      `-DoutputDirectory=${jars}`,
      '-DincludeScope=runtime',
    ],
    { stdio: 'inherit' },
  );
  if (res.status !== 0 || !jarsPresent(jars)) {
    throw new PrerequisiteError(
      `Maven could not fetch org.apache.kafka:kafka_2.13:${KAFKA_VERSION} (exit ${res.status}). ` +
        'Check access to Maven Central (repo.maven.apache.org) or ~/.m2/settings.xml mirrors.',
    );
  }
}
