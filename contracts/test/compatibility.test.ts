// The compatibility matrix: seven levels × evolution cases, by Avro's resolution rules.
import { describe, expect, it } from 'vitest';
import {
  checkLevel,
  compatibilityLevels,
  parseForResolution,
  type CompatibilityLevel,
} from '../src/index.ts';

type Fields = Array<Record<string, unknown>>;
const rec = (fields: Fields, extra: Record<string, unknown> = {}) => ({
  type: 'record',
  name: 'Event',
  namespace: 'fr.gouv.test',
  fields,
  ...extra,
});
const t = (schema: unknown) => parseForResolution(schema);
const levelsOk = (oldSchema: unknown, newSchema: unknown): Record<CompatibilityLevel, boolean> =>
  Object.fromEntries(
    compatibilityLevels.map((level) => [
      level,
      checkLevel(level, t(newSchema), [{ version: 1, type: t(oldSchema) }]).length === 0,
    ]),
  ) as Record<CompatibilityLevel, boolean>;

/** backward, forward; FULL = both; transitive levels equal their plain level with one version. */
const expectLevels = (
  oldSchema: unknown,
  newSchema: unknown,
  backward: boolean,
  forward: boolean,
): void => {
  expect(levelsOk(oldSchema, newSchema)).toEqual({
    BACKWARD: backward,
    BACKWARD_TRANSITIVE: backward,
    FORWARD: forward,
    FORWARD_TRANSITIVE: forward,
    FULL: backward && forward,
    FULL_TRANSITIVE: backward && forward,
    NONE: true,
  });
};

const a = { name: 'a', type: 'string' };
const enumOf = (symbols: string[], extra: Record<string, unknown> = {}) => ({
  name: 'kind',
  type: { type: 'enum', name: 'Kind', symbols, ...extra },
});
const nested = (fields: Fields) => ({
  name: 'inner',
  type: { type: 'record', name: 'Inner', fields },
});

describe('compatibility matrix (backward, forward) per evolution case', () => {
  const cases: Array<[string, unknown, unknown, boolean, boolean]> = [
    [
      'field added with default',
      rec([a]),
      rec([a, { name: 'b', type: 'int', default: 0 }]),
      true,
      true,
    ],
    ['field added without default', rec([a]), rec([a, { name: 'b', type: 'int' }]), false, true],
    [
      'field removed that had a default',
      rec([a, { name: 'b', type: 'int', default: 0 }]),
      rec([a]),
      true,
      true,
    ],
    ['field removed without default', rec([a, { name: 'b', type: 'int' }]), rec([a]), true, false],
    [
      'field renamed with an alias',
      rec([a]),
      rec([{ name: 'a2', type: 'string', aliases: ['a'] }]),
      true,
      false,
    ],
    [
      'int → long promotion',
      rec([{ name: 'n', type: 'int' }]),
      rec([{ name: 'n', type: 'long' }]),
      true,
      false,
    ],
    [
      'float → double promotion',
      rec([{ name: 'n', type: 'float' }]),
      rec([{ name: 'n', type: 'double' }]),
      true,
      false,
    ],
    [
      'string → bytes',
      rec([{ name: 's', type: 'string' }]),
      rec([{ name: 's', type: 'bytes' }]),
      true,
      true,
    ],
    [
      'bytes → string',
      rec([{ name: 's', type: 'bytes' }]),
      rec([{ name: 's', type: 'string' }]),
      true,
      true,
    ],
    [
      'long → int (narrowing)',
      rec([{ name: 'n', type: 'long' }]),
      rec([{ name: 'n', type: 'int' }]),
      false,
      true,
    ],
    ['type changed string → int', rec([a]), rec([{ name: 'a', type: 'int' }]), false, false],
    [
      'union branch added',
      rec([{ name: 'u', type: ['null', 'string'], default: null }]),
      rec([{ name: 'u', type: ['null', 'string', 'int'], default: null }]),
      true,
      false,
    ],
    [
      'union branch removed',
      rec([{ name: 'u', type: ['null', 'string', 'int'], default: null }]),
      rec([{ name: 'u', type: ['null', 'string'], default: null }]),
      false,
      true,
    ],
    [
      'field made optional (T → union with T)',
      rec([a]),
      rec([{ name: 'a', type: ['null', 'string'], default: null }]),
      true,
      false,
    ],
    [
      'enum symbol added, enum without default',
      rec([enumOf(['A', 'B'])]),
      rec([enumOf(['A', 'B', 'C'])]),
      true,
      false,
    ],
    [
      'enum symbol added, enum with default',
      rec([enumOf(['OTHER', 'A'], { default: 'OTHER' })]),
      rec([enumOf(['OTHER', 'A', 'B'], { default: 'OTHER' })]),
      true,
      true,
    ],
    [
      'enum symbol removed, enum without default',
      rec([enumOf(['A', 'B'])]),
      rec([enumOf(['A'])]),
      false,
      true,
    ],
    [
      'nested record: field added without default',
      rec([nested([a])]),
      rec([nested([a, { name: 'b', type: 'int' }])]),
      false,
      true,
    ],
    [
      'nested record: field added with default',
      rec([nested([a])]),
      rec([nested([a, { name: 'b', type: 'int', default: 1 }])]),
      true,
      true,
    ],
    [
      'record renamed, old name kept as alias',
      rec([a]),
      { ...rec([a]), name: 'Renamed', aliases: ['fr.gouv.test.Event'] },
      true,
      false,
    ],
    ['record renamed without alias', rec([a]), { ...rec([a]), name: 'Renamed' }, false, false],
    [
      'array items int → long',
      rec([{ name: 'xs', type: { type: 'array', items: 'int' } }]),
      rec([{ name: 'xs', type: { type: 'array', items: 'long' } }]),
      true,
      false,
    ],
    [
      'fixed size changed',
      rec([{ name: 'f', type: { type: 'fixed', name: 'F', size: 4 } }]),
      rec([{ name: 'f', type: { type: 'fixed', name: 'F', size: 8 } }]),
      false,
      false,
    ],
  ];
  it.each(cases)('%s', (_name, oldSchema, newSchema, backward, forward) => {
    expectLevels(oldSchema, newSchema, backward, forward);
  });
});

describe('transitive levels compare with every earlier version, plain levels with the latest only', () => {
  it('BACKWARD passes and BACKWARD_TRANSITIVE fails when a default was dropped later', () => {
    const v1 = rec([{ name: 'a', type: 'int' }]);
    const v2 = rec([
      { name: 'a', type: 'int' },
      { name: 'b', type: 'string', default: 'x' },
    ]);
    const v3 = rec([
      { name: 'a', type: 'int' },
      { name: 'b', type: 'string' },
    ]);
    const history = [
      { version: 1, type: t(v1) },
      { version: 2, type: t(v2) },
    ];
    expect(checkLevel('BACKWARD', t(v3), history)).toEqual([]);
    const problems = checkLevel('BACKWARD_TRANSITIVE', t(v3), history);
    expect(problems).toEqual([
      expect.objectContaining({
        type: 'READER_FIELD_MISSING_DEFAULT_VALUE',
        field: 'b',
        againstVersion: 1,
        direction: 'backward',
      }),
    ]);
    expect(checkLevel('FULL', t(v3), history)).toEqual([]);
    expect(checkLevel('FULL_TRANSITIVE', t(v3), history)).not.toEqual([]);
  });

  it('FORWARD passes and FORWARD_TRANSITIVE fails when v1 readers have no default', () => {
    const v1 = rec([
      { name: 'a', type: 'int' },
      { name: 'c', type: 'string' },
    ]);
    const v2 = rec([
      { name: 'a', type: 'int' },
      { name: 'c', type: 'string', default: '' },
    ]);
    const v3 = rec([{ name: 'a', type: 'int' }]);
    const history = [
      { version: 1, type: t(v1) },
      { version: 2, type: t(v2) },
    ];
    expect(checkLevel('FORWARD', t(v3), history)).toEqual([]);
    expect(checkLevel('FORWARD_TRANSITIVE', t(v3), history)).toEqual([
      expect.objectContaining({
        type: 'READER_FIELD_MISSING_DEFAULT_VALUE',
        field: 'c',
        againstVersion: 1,
        direction: 'forward',
      }),
    ]);
  });

  it('names the rule and the path of each problem', () => {
    const problems = checkLevel('FULL', t(rec([enumOf(['A', 'B'])])), [
      { version: 3, type: t(rec([enumOf(['A'])])) },
    ]);
    expect(problems).toEqual([
      {
        type: 'MISSING_ENUM_SYMBOLS',
        path: '/fields/0/type/symbols',
        field: 'kind',
        message: 'reader enum fr.gouv.test.Kind lacks symbols [B] and has no default (field kind)',
        againstVersion: 3,
        direction: 'forward',
      },
    ]);
  });

  it('handles recursive types', () => {
    const tree = (extra: Fields) =>
      rec([{ name: 'children', type: { type: 'array', items: 'fr.gouv.test.Event' } }, ...extra]);
    expect(
      checkLevel('FULL_TRANSITIVE', t(tree([{ name: 'x', type: 'int', default: 0 }])), [
        { version: 1, type: t(tree([])) },
      ]),
    ).toEqual([]);
  });
});
