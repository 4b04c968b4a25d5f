// Java for the Zipkin server, and the one-line messages that say what to do without it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export class PrerequisiteError extends Error {
  override readonly name = 'PrerequisiteError';
}

/** How to run without the local tracing UI: said by every error that stops it. */
export const WITHOUT_TRACING =
  'or run without it: RELAIS_TRACING=off for npm start, OTEL_TRACES_EXPORTER=none (or otlp) for a service';

function javaCommand(): string {
  const home = process.env['JAVA_HOME'];
  return home ? path.join(home, 'bin', 'java') : 'java';
}

/** Zipkin server 3.x needs Java 17 or newer. */
export function checkJava(): { command: string; major: number } {
  const command = javaCommand();
  const res = spawnSync(command, ['-version'], { encoding: 'utf8' });
  if (res.error || res.status !== 0) {
    throw new PrerequisiteError(
      `Java 17+ is required to run the local Zipkin server, but "${command} -version" failed` +
        ` (${res.error?.message ?? `exit ${res.status}`}). Install a JDK 17+ (Debian: apt-get install openjdk-17-jre-headless)` +
        ` or set JAVA_HOME, ${WITHOUT_TRACING}.`,
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(res.stderr + res.stdout);
  const first = Number(match?.[1] ?? 0);
  const major = first === 1 ? Number(match?.[2] ?? 0) : first;
  if (major < 17) {
    throw new PrerequisiteError(
      `Java ${major} found at "${command}"; the Zipkin server needs Java 17 or newer. Set JAVA_HOME to a JDK 17+, ${WITHOUT_TRACING}.`,
    );
  }
  return { command, major };
}
