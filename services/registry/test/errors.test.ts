// The table of errors: each refusal of the domain answers Confluent's error code, whose first
// three digits are the HTTP status the kit gives its kind.
import { describe, expect, it } from 'vitest';
import type { RegistryProblem } from '../src/domain/problems.ts';
import { confluentBody, problemError, registryErrors } from '../src/errors.ts';

const problems: Array<[RegistryProblem, number]> = [
  [{ code: 'subject-not-found', subject: 's' }, 40401],
  [{ code: 'version-not-found', subject: 's', version: '9' }, 40402],
  [{ code: 'schema-not-found', id: '7' }, 40403],
  [{ code: 'subject-not-soft-deleted', subject: 's' }, 40405],
  [{ code: 'version-not-soft-deleted', subject: 's', version: 2 }, 40407],
  [{ code: 'subject-compatibility-not-configured', subject: 's' }, 40408],
  [{ code: 'subject-mode-not-configured', subject: 's' }, 40409],
  [{ code: 'incompatible-schema', subject: 's', details: ['a', 'b'] }, 409],
  [{ code: 'invalid-schema', reason: 'no' }, 42201],
  [{ code: 'invalid-version', version: 'x' }, 42202],
  [{ code: 'invalid-compatibility-level', level: 'SIDEWAYS' }, 42203],
  [{ code: 'invalid-mode', mode: 'IMPORT' }, 42204],
  [{ code: 'read-only', subject: 's' }, 42205],
];

describe('the registry table of errors', () => {
  it('gives each refusal of the domain its Confluent code and a matching HTTP status', () => {
    for (const [problem, code] of problems) {
      const err = problemError(problem);
      const body = confluentBody(err);
      expect({ problem: problem.code, code: body.error_code }).toEqual({
        problem: problem.code,
        code,
      });
      expect(String(code).slice(0, 3)).toBe(String(err.status));
    }
    expect(confluentBody(problemError(problems[7]![0])).message).toBe(
      'Schema being registered is incompatible with an earlier schema for subject "s", details: [a, b]',
    );
  });

  it('answers the store and forwarding failures as 500 with their 5000x code', () => {
    for (const [err, code] of [
      [registryErrors.storeError('down'), 50001],
      [registryErrors.operationTimeout('slow'), 50002],
      [registryErrors.forwardingError('gone'), 50003],
      [registryErrors.unknownLeader(), 50004],
    ] as const) {
      expect(err.status).toBe(500);
      expect(confluentBody(err).error_code).toBe(code);
    }
  });
});
