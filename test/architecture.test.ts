// The architecture rule is enforced by the build's lint: domain code never imports Kafka,
// fastify or the kit, and never reads the clock or randomness.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function messages(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

async function flaggedLines(code: string, file: string, rule: string): Promise<number[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return [...new Set((result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.line))];
}

describe('src/domain/** purity', () => {
  it('refuses Kafka, fastify, the kit and timers in domain code', async () => {
    const code = [
      "import { Kafka } from 'kafkajs';",
      "import Fastify from 'fastify';",
      "import { createLogger } from '@relais/kit';",
      "import { setTimeout } from 'node:timers/promises';",
      'export const used = [Kafka, Fastify, createLogger, setTimeout];',
    ].join('\n');
    const lines = await flaggedLines(
      code,
      'services/example/src/domain/decide.ts',
      'no-restricted-imports',
    );
    expect(lines).toEqual([1, 2, 3, 4]);
  });

  it('refuses reading the clock or randomness in domain code', async () => {
    const code = [
      'export const now = new Date();',
      'export const t = Date.now();',
      'export const r = Math.random();',
      'export const parsed = new Date("2026-01-01");',
    ].join('\n');
    const found = await messages(code, 'services/example/src/domain/clock.ts');
    expect(found).toEqual([
      expect.stringMatching(/^no-restricted-syntax: .*handed a clock/),
      expect.stringMatching(/^no-restricted-properties: .*handed a clock/),
      expect.stringMatching(/^no-restricted-properties: .*handed a generator/),
    ]);
  });

  it('allows the same code outside the domain', async () => {
    const code =
      "import { Kafka } from 'kafkajs';\nexport const k = Kafka;\nexport const now = Date.now();";
    expect(await messages(code, 'services/example/src/adapters/kafka.ts')).toEqual([]);
  });
});
