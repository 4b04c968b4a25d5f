// `npm run contracts:check` as CI runs it: exit 0 on the committed catalog, exit 1 naming the
// contract, the field and the rule on a breaking change.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { CONTRACTS_DIR } from '../src/index.ts';

const script = path.join(CONTRACTS_DIR, 'scripts', 'check.ts');
const copy = mkdtempSync(path.join(tmpdir(), 'relais-contracts-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

const run = (dir?: string) =>
  spawnSync(process.execPath, [script], {
    encoding: 'utf8',
    env: { ...process.env, ...(dir ? { RELAIS_CONTRACTS_DIR: dir } : {}) },
  });

it('passes on the committed catalog', () => {
  const res = run();
  expect(res.status).toBe(0);
  expect(res.stdout).toMatch(
    /25 contracts, 31 subscriptions, 10 agencies; 25 compared .* 0 problem\(s\)/,
  );
});

it('fails on a removed field without default, naming contract, field and rule', () => {
  cpSync(path.join(CONTRACTS_DIR, 'avro'), path.join(copy, 'avro'), { recursive: true });
  cpSync(path.join(CONTRACTS_DIR, 'published'), path.join(copy, 'published'), { recursive: true });
  cpSync(path.join(CONTRACTS_DIR, 'subscriptions.yaml'), path.join(copy, 'subscriptions.yaml'));
  const file = path.join(copy, 'avro', 'tax', 'IncomeAssessed.avsc');
  const schema = JSON.parse(readFileSync(file, 'utf8')) as { fields: Array<{ name: string }> };
  schema.fields = schema.fields.filter((f) => f.name !== 'taxSharesQuarters');
  writeFileSync(file, JSON.stringify(schema, null, 2));
  const res = run(copy);
  expect(res.status).toBe(1);
  expect(res.stderr).toContain(
    '✗ fr.gouv.tax.IncomeAssessed.taxSharesQuarters: FULL_TRANSITIVE/READER_FIELD_MISSING_DEFAULT_VALUE',
  );
});
