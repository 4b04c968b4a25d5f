// Runs a Kafka tool class (ProducerPerformance, kafka-topics, ...) on the fetched classpath.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { INFRA_DIR } from './layout.ts';
import { checkJava } from './prerequisites.ts';

export function runJavaTool(
  jars: string,
  logsDir: string,
  mainClass: string,
  args: string[],
  opts: { heap?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { command } = checkJava();
  return new Promise((resolve, reject) => {
    const child = spawn(command, [
      `-Xmx${opts.heap ?? '512m'}`,
      `-Dlog4j2.configurationFile=${path.join(INFRA_DIR, 'log4j2.properties')}`,
      `-Dkafka.logs.dir=${logsDir}`,
      '-cp',
      path.join(jars, '*'),
      mainClass,
      ...args,
    ]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
