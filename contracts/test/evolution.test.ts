// contracts:check: a contract against its published versions, under its level.
import { describe, expect, it } from 'vitest';
import {
  checkEvolution,
  contractFromSchema,
  evolutionProblems,
  loadCatalog,
  loadPublished,
} from '../src/index.ts';

const { catalog } = loadCatalog();
const address = catalog.contracts.find((c) => c.name === 'AddressChanged')!;
const published = loadPublished(address.fullName);
type Field = Record<string, unknown>;

function changed(edit: (fields: Field[]) => Field[], level?: string) {
  const schema = structuredClone(address.schema);
  schema['fields'] = edit(schema['fields'] as Field[]);
  if (level) schema['relais.compatibility'] = level;
  const report = checkEvolution(contractFromSchema(schema, address.file), published);
  return evolutionProblems(report);
}

describe('contracts:check', () => {
  it('passes on the committed contracts, all equal to their published version', () => {
    for (const c of catalog.contracts) {
      const report = checkEvolution(c, loadPublished(c.fullName));
      expect(report.versions[0], c.fullName).toBe(1);
      expect(report.unchanged, c.fullName).toBe(true);
      expect(report.problems).toEqual([]);
    }
  });

  it('passes on an added field with a default', () => {
    expect(
      changed((f) => [
        ...f,
        {
          name: 'floor',
          type: ['null', 'int'],
          default: null,
          doc: 'Floor.',
          'relais.category': 'address',
          'relais.sensitivity': 'personal',
        },
      ]),
    ).toEqual([]);
  });

  it('fails on a removed field without default, naming the contract, the field and the rule', () => {
    const problems = changed((f) => f.filter((x) => x['name'] !== 'postcode'));
    expect(problems).toEqual([
      {
        where: 'fr.gouv.residence.AddressChanged.postcode',
        rule: 'FULL_TRANSITIVE/READER_FIELD_MISSING_DEFAULT_VALUE',
        message:
          'field postcode is read but never written, and has no default — consumers on published v1 cannot read data written with the new version',
      },
    ]);
  });

  it('fails on a changed type', () => {
    const problems = changed((f) =>
      f.map((x) => (x['name'] === 'postcode' ? { ...x, type: 'int' } : x)),
    );
    expect(problems.map((p) => `${p.where} ${p.rule}`)).toEqual([
      'fr.gouv.residence.AddressChanged.postcode FULL_TRANSITIVE/TYPE_MISMATCH',
      'fr.gouv.residence.AddressChanged.postcode FULL_TRANSITIVE/TYPE_MISMATCH',
    ]);
  });

  it('fails on an added enum symbol when the enum has no default', () => {
    // Published v1 of a contract whose enum had no default, then a symbol added.
    const noDefault = (fields: Field[], symbols: string[]) =>
      fields.map((x) =>
        x['name'] === 'moveKind'
          ? { ...x, type: { type: 'enum', name: 'MoveKind', doc: 'Kind.', symbols } }
          : x,
      );
    const v1 = structuredClone(address.schema);
    v1['fields'] = noDefault(v1['fields'] as Field[], ['ARRIVAL', 'DEPARTURE']);
    const v2 = structuredClone(address.schema);
    v2['fields'] = noDefault(v2['fields'] as Field[], ['ARRIVAL', 'DEPARTURE', 'ABROAD']);
    const report = checkEvolution(contractFromSchema(v2, address.file), [
      { version: 1, schema: v1 },
    ]);
    expect(evolutionProblems(report)).toEqual([
      expect.objectContaining({
        where: 'fr.gouv.residence.AddressChanged.moveKind',
        rule: 'FULL_TRANSITIVE/MISSING_ENUM_SYMBOLS',
        message: expect.stringContaining('lacks symbols [ABROAD]'),
      }),
    ]);
  });

  it('follows the level a contract declares', () => {
    const removed = (f: Field[]) => f.filter((x) => x['name'] !== 'postcode');
    expect(changed(removed, 'BACKWARD_TRANSITIVE')).toEqual([]);
    expect(changed(removed, 'FORWARD')).toHaveLength(1);
    expect(changed(removed, 'NONE')).toEqual([]);
  });
});
