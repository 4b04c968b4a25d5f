// The catalog as committed is valid, and each rule names what is wrong.
import { describe, expect, it } from 'vitest';
import { contractFromSchema, loadCatalog, validateCatalog, type Catalog } from '../src/index.ts';

const { catalog, problems } = loadCatalog();
const clone = (): Catalog => structuredClone(catalog);

describe('the committed catalog', () => {
  it('loads and passes every rule', () => {
    expect(problems).toEqual([]);
    expect(validateCatalog(catalog)).toEqual([]);
    expect(catalog.contracts.map((c) => c.fullName)).toEqual(
      expect.arrayContaining([
        'fr.gouv.civilstatus.BirthDeclared',
        'fr.gouv.civilstatus.DeathDeclared',
        'fr.gouv.civilstatus.CivilUnionRegistered',
        'fr.gouv.residence.AddressChanged',
        'fr.gouv.family.HouseholdCompositionChanged',
        'fr.gouv.tax.IncomeAssessed',
        'fr.gouv.employment.JobseekerRegistered',
        'fr.gouv.employment.EmploymentStatusChanged',
        'fr.gouv.disability.DisabilityRecognitionGranted',
        'fr.gouv.education.SchoolEnrolmentConfirmed',
        'fr.gouv.family.HousingSituationDeclared',
        'fr.gouv.family.BenefitPaymentsRecorded',
        'fr.gouv.pensions.MonthlyResourcesDeclared',
        'fr.gouv.disability.DisabilityFileStated',
        'fr.gouv.pensions.WorkUnfitnessRecognised',
        'fr.gouv.relais.ConsentGranted',
        'fr.gouv.relais.ConsentRevoked',
        'fr.gouv.relais.EntitlementDetermined',
        'fr.gouv.relais.EntitlementNoticeIssued',
        'fr.gouv.relais.AccessRecorded',
        'fr.gouv.relais.RoutingDecided',
        'fr.gouv.relais.OperatorActed',
      ]),
    );
  });

  it('declares categories and sensitivity on every field, nested ones included', () => {
    const household = catalog.contracts.find((c) => c.name === 'HouseholdCompositionChanged');
    expect(household?.fields.some((f) => f.path === 'members.birthDate' && !f.topLevel)).toBe(true);
    for (const c of catalog.contracts)
      for (const f of c.fields) expect(f.category, `${c.fullName}.${f.path}`).toBeTruthy();
  });

  it('gives France Travail no address without consent: it has no subscription to AddressChanged', () => {
    expect(
      catalog.subscriptions.filter(
        (s) => s.agency === 'france-travail' && s.contract === 'fr.gouv.residence.AddressChanged',
      ),
    ).toEqual([]);
  });
});

describe('catalog rules', () => {
  it('names a subscription field or contract that does not exist', () => {
    const broken = clone();
    broken.subscriptions[0]!.fields = [...broken.subscriptions[0]!.fields, 'shoeSize'];
    broken.subscriptions[1]!.contract = 'fr.gouv.residence.AddressTeleported';
    broken.subscriptions[2]!.agency = 'ministere-magie';
    const found = validateCatalog(broken);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'subscription.field',
          message: expect.stringMatching(/^field "shoeSize": .* has no such field/),
        }),
        expect.objectContaining({
          rule: 'subscription.contract',
          message:
            'contract "fr.gouv.residence.AddressTeleported": no such contract in contracts/avro',
        }),
        expect.objectContaining({
          rule: 'subscription.agency',
          message: expect.stringContaining('"ministere-magie"'),
        }),
      ]),
    );
  });

  it('requires a law for a non-consent basis, a doc, a category and a sensitivity on every field, a default on every enum', () => {
    const broken = clone();
    const sub = broken.subscriptions.find((s) => s.legalBasis !== 'consent')!;
    sub.law = null;
    const contract = broken.contracts.find((c) => c.name === 'AddressChanged')!;
    const fields = contract.schema['fields'] as Array<Record<string, unknown>>;
    delete fields[0]!['doc'];
    fields[1]!['relais.category'] = 'astrology';
    const moveKind = fields.find((f) => f['name'] === 'moveKind')!;
    delete (moveKind['type'] as Record<string, unknown>)['default'];
    const rebuilt = contractFromSchema(contract.schema, contract.file);
    broken.contracts = broken.contracts.map((c) => (c.name === 'AddressChanged' ? rebuilt : c));
    const rules = validateCatalog(broken).map((p) => `${p.where} ${p.rule}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        `subscription ${sub.id} subscription.law`,
        'fr.gouv.residence.AddressChanged.street field.doc',
        'fr.gouv.residence.AddressChanged.additionalLine field.category',
        'fr.gouv.residence.AddressChanged enum MoveKind enum.default',
      ]),
    );
  });
});
