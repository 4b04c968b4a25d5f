// Runs the pinned Schemathesis (requirements.txt, installed in .relais/venv by
// scripts/lib/preflight.ts ensureSchemathesis) over one service's /openapi.json, its credentials
// handed per security scheme in a schemathesis.toml of the run's own, and reads its JSON report.
// The services run in this process: the child is spawned asynchronously so they keep answering.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
export const schemathesisBin = path.join(root, '.relais', 'venv', 'bin', 'schemathesis');
export const pinned = readFileSync(path.join(import.meta.dirname, '..', 'requirements.txt'), 'utf8')
  .split('\n')
  .find((l) => l.startsWith('schemathesis=='))
  ?.split(/[=\s]+/)[1];

/** The checks every service must pass, nothing waived. */
export const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'ignored_auth',
] as const;

/** Bounded and reproducible: a few examples per operation (beside the coverage phase's), one seed. */
export const BUDGET = { maxExamples: 25, seed: 13, requestTimeout: 10 };

export interface FuzzOptions {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Credentials by security scheme name: a bearer token, or an API key (cookie, header). */
  auth: Record<string, { bearer: string } | { api_key: string }>;
  /** Operations left out, each with why (`exclude-path-regex` values). */
  exclude?: Array<{ path: string; why: string }>;
  /** Parameters held to one value for an operation (`GET /v1/inbox`), each with why. */
  fixed?: Array<{ operation: string; parameters: Record<string, string | number>; why: string }>;
}

export interface FuzzResult {
  ok: boolean;
  operations: number;
  generated: number;
  failures: number;
  errors: number;
  seconds: number;
  /** Schemathesis' own output, for the assertion message. */
  output: string;
}

interface Report {
  operations: { selected: number; tested: number; errored: number };
  test_cases: { generated: number; unique_failures: number; errored: number };
  failures: unknown[];
  errors: unknown[];
  running_time: number;
  exit_code: number;
}

const toml = (value: string): string => JSON.stringify(value);

export async function fuzz(o: FuzzOptions): Promise<FuzzResult> {
  if (!existsSync(schemathesisBin))
    throw new Error(
      `Schemathesis ${pinned} is not installed at ${schemathesisBin}: npm test installs it ` +
        '(scripts/lib/preflight.ts ensureSchemathesis).',
    );
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-schemathesis-'));
  try {
    const config = Object.entries(o.auth)
      .map(([scheme, credential]) =>
        [
          `[auth.openapi.${scheme}]`,
          ...Object.entries(credential).map(([k, v]) => `${k} = ${toml(String(v))}`),
        ].join('\n'),
      )
      .join('\n\n');
    const fixed = (o.fixed ?? [])
      .map((f) =>
        [
          '[[operations]]',
          `include-name = ${toml(f.operation)}`,
          `parameters = { ${Object.entries(f.parameters)
            .map(([k, v]) => `${toml(k)} = ${typeof v === 'number' ? v : toml(v)}`)
            .join(', ')} }`,
        ].join('\n'),
      )
      .join('\n\n');
    writeFileSync(path.join(dir, 'schemathesis.toml'), `${config}\n\n${fixed}\n`);
    const report = path.join(dir, 'report.json');
    const args = [
      '--config-file',
      path.join(dir, 'schemathesis.toml'),
      'run',
      `${o.url}/openapi.json`,
      '--checks',
      CHECKS.join(','),
      '--phases',
      'examples,coverage,fuzzing',
      '--max-examples',
      String(BUDGET.maxExamples),
      '--seed',
      String(BUDGET.seed),
      '--request-timeout',
      String(BUDGET.requestTimeout),
      '--workers',
      '1',
      '--generation-database',
      'none',
      '--no-color',
      '--report',
      'json',
      '--report-json-path',
      report,
      ...(o.exclude ?? []).flatMap((e) => ['--exclude-path-regex', e.path]),
    ];
    const started = Date.now();
    const output = await new Promise<{ code: number; text: string }>((resolve, reject) => {
      const child = spawn(schemathesisBin, args, {
        cwd: dir,
        env: { ...process.env, SCHEMATHESIS_HOOKS: '', NO_COLOR: '1', COLUMNS: '120' },
      });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.stderr.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? 1, text }));
    });
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    if (!existsSync(report))
      return {
        ok: false,
        operations: 0,
        generated: 0,
        failures: 0,
        errors: 1,
        seconds,
        output: output.text,
      };
    const r = JSON.parse(readFileSync(report, 'utf8')) as Report;
    return {
      ok: output.code === 0 && r.failures.length === 0 && r.errors.length === 0,
      operations: r.operations.tested,
      generated: r.test_cases.generated,
      failures: r.test_cases.unique_failures,
      errors: r.errors.length + r.operations.errored,
      seconds,
      output: output.text,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
