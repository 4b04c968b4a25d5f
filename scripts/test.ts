// `npm test`: the whole suite on one Kafka.
//   1. build, typecheck and lint every workspace (turbo);
//   2. provide one broker for the run: KAFKA_BROKERS, else testcontainers, else a local KRaft
//      broker from the Apache Kafka jars (fetched from Maven Central on first use);
//   3. run every workspace's tests against it (turbo), then stop the broker;
//      (the eligibility parameters' staleness check is handed today's date: RELAIS_PARAMETERS_DUE_ON);
//   4. run the date-bound services' tests again a year ahead: every process, broker included,
//      under libfaketime (`faketime +365d`), so a test that writes a date near today fails here
//      the day it is written, not the day the calendar passes it;
//   5. sum the vitest reports and print `N passed, N failed` as the last line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkNode,
  ensureChromium,
  ensureFaketime,
  ensureSchemathesis,
  root,
} from './lib/preflight.ts';

const resultsDir = path.join(root, '.relais', 'test-results');
const summaryFile = path.join(root, '.relais', 'test-summary.txt');

/**
 * Services whose behaviour depends on the date (consents expire, rules are dated, notices count,
 * sessions and tokens expire, the citizens' and operators' pages show ages and dates), and the
 * harness that runs them together.
 */
const DATE_BOUND = [
  '@relais/gateway',
  '@relais/consent',
  '@relais/router',
  '@relais/eligibility',
  '@relais/notifier',
  '@relais/portal',
  '@relais/console',
  '@relais/harness',
];
const AHEAD = '+365d';

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const res = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  return res.status ?? 1;
}

function finish(passed: number, failed: number, skipped: number, code: number): never {
  const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
  mkdirSync(path.dirname(summaryFile), { recursive: true });
  writeFileSync(summaryFile, `${line}\n`);
  console.log(line);
  process.exit(code);
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
}

async function main(): Promise<void> {
  const started = Date.now();
  checkNode();
  ensureChromium();
  // packages/api-fuzz fails its tests, saying why, when this could not install it.
  ensureSchemathesis();
  rmSync(resultsDir, { recursive: true, force: true });
  rmSync(summaryFile, { force: true });

  console.log('== build, typecheck, lint');
  const turbo = path.join(root, 'node_modules', '.bin', 'turbo');
  if (
    run(turbo, [
      'run',
      'build',
      'typecheck',
      'lint',
      'typecheck:root',
      'lint:root',
      '--output-logs=errors-only',
    ]) !== 0
  ) {
    console.error('build, typecheck or lint failed: see above');
    finish(0, 1, 0, 1);
  }
  if (run(process.execPath, [path.join(root, 'contracts', 'scripts', 'check.ts')]) !== 0) {
    console.error('contracts:check failed: see above');
    finish(0, 1, 0, 1);
  }
  const formatted = run(path.join(root, 'node_modules', '.bin', 'prettier'), [
    '--check',
    '--log-level=warn',
    '.',
  ]);
  if (formatted !== 0) {
    console.error('formatting differs: run `npm run format`');
    finish(0, 1, 0, 1);
  }
  const builtAt = Date.now();

  console.log('== Kafka for the run');
  // Imported only now: it exists once the build above produced it.
  const { provideBrokers } = await import('@relais/testkit/brokers');
  const brokers = await provideBrokers((line) => console.log(line));
  console.log(
    `Kafka (${brokers.source}) at ${brokers.bootstrap}, ready in ${brokers.startupMs} ms`,
  );

  let code: number;
  const testsStarted = Date.now();
  try {
    console.log('== tests');
    code = run(turbo, ['run', 'test', 'test:root', '--concurrency=1', '--output-logs=full'], {
      ...testEnv(brokers),
      // The eligibility parameters' staleness check, for the day this run happens (this pass
      // only: the year-ahead pass checks the book as of its review date).
      RELAIS_PARAMETERS_DUE_ON: new Date().toISOString().slice(0, 10),
    });
  } finally {
    await brokers.stop();
  }

  const aheadStarted = Date.now();
  if (brokers.source === 'external') {
    console.log(`== a year ahead: skipped (the given cluster's clock cannot be moved)`);
  } else if (!ensureFaketime()) {
    console.log('== a year ahead: skipped (faketime is missing)');
    code = code || 1;
  } else {
    console.log(`== the date-bound services a year ahead (faketime ${AHEAD})`);
    const ahead = run('faketime', [
      '-f',
      AHEAD,
      process.execPath,
      fileURLToPath(import.meta.url),
      '--ahead',
    ]);
    code = code || ahead;
  }

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const reports = existsSync(resultsDir)
    ? readdirSync(resultsDir).filter((f) => f.endsWith('.json'))
    : [];
  for (const file of reports) {
    const report = JSON.parse(readFileSync(path.join(resultsDir, file), 'utf8')) as VitestReport;
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
    console.log(
      `  ${path.basename(file, '.json')}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
    );
  }
  if (reports.length === 0) failed += 1;
  if (code !== 0 && failed === 0) failed = 1; // a suite that crashed before reporting
  const done = Date.now();
  console.log(
    `build+checks ${Math.round((builtAt - started) / 1000)} s, broker ${Math.round(brokers.startupMs / 1000)} s, tests ${Math.round((aheadStarted - testsStarted) / 1000)} s, a year ahead ${Math.round((done - aheadStarted) / 1000)} s, total ${Math.round((done - started) / 1000)} s`,
  );
  finish(passed, failed, skipped, failed > 0 ? 1 : 0);
}

function testEnv(brokers: {
  bootstrap: string;
  source: string;
  home?: string | undefined;
  env: Record<string, string>;
}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // kafkajs 2.2.4 schedules a negative timeout that Node 24 warns about on every client
    // (tulios/kafkajs#1751, harmless: Node clamps it to 1 ms); keep test output readable.
    NODE_OPTIONS:
      `${process.env['NODE_OPTIONS'] ?? ''} --disable-warning=TimeoutNegativeWarning`.trim(),
    KAFKA_BROKERS: brokers.bootstrap,
    // The local broker authenticates (dec-031): the workspaces connect as its admin.
    ...brokers.env,
    RELAIS_TEST_KAFKA_SOURCE: brokers.source,
    ...(brokers.home ? { RELAIS_TEST_KAFKA_HOME: brokers.home } : {}),
  };
}

/**
 * Runs under faketime (this process and all it starts, the broker too, so the broker's
 * log-append time and the services' clocks agree): the date-bound workspaces' tests, their
 * reports written beside the others under another name.
 */
async function ahead(): Promise<void> {
  const { provideBrokers } = await import('@relais/testkit/brokers');
  // Its own local broker, started under faketime too: a given cluster or a container keeps its clock.
  delete process.env['KAFKA_BROKERS'];
  delete process.env['RELAIS_PARAMETERS_DUE_ON'];
  process.env['RELAIS_TEST_NO_CONTAINERS'] = '1';
  const brokers = await provideBrokers((line) => console.log(line));
  console.log(`Kafka ${AHEAD} at ${brokers.bootstrap}; it is ${new Date().toISOString()} here`);
  let code: number;
  try {
    const turbo = path.join(root, 'node_modules', '.bin', 'turbo');
    code = run(
      turbo,
      [
        'run',
        'test',
        ...DATE_BOUND.map((w) => `--filter=${w}`),
        '--concurrency=1',
        '--output-logs=full',
      ],
      { ...testEnv(brokers), RELAIS_TEST_RESULTS_SUFFIX: `.${AHEAD.replace('+', '')}-ahead` },
    );
  } finally {
    await brokers.stop();
  }
  process.exit(code);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const entry = process.argv.includes('--ahead') ? ahead() : main();
  entry.catch((err: unknown) => {
    console.error(err);
    finish(0, 1, 0, 1);
  });
}
