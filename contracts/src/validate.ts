// Rules every contract and subscription must follow. Each problem names where, the rule and
// what was expected, so `npm run contracts:check` reads like a review.
import { avroType } from '@relais/kit';
import { isCompatibilityLevel } from './compatibility/levels.ts';
import {
  ATTR,
  dataCategories,
  legalBases,
  sensitivities,
  type Catalog,
  type CatalogProblem,
  type Contract,
} from './model.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Enums defined anywhere in a schema. */
function enumsOf(type: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(type)) type.forEach((t) => enumsOf(t, out));
  else if (isObject(type)) {
    if (type['type'] === 'enum') out.push(type);
    if (type['type'] === 'record')
      for (const f of (type['fields'] as Json[]) ?? []) enumsOf(f['type'], out);
    if (type['type'] === 'array') enumsOf(type['items'], out);
    if (type['type'] === 'map') enumsOf(type['values'], out);
  }
  return out;
}

export function validateContract(c: Contract, agencyIds: Set<string>): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const add = (rule: string, message: string, where = c.fullName): void => {
    problems.push({ where, rule, message });
  };
  try {
    avroType(c.schema);
  } catch (err) {
    add('contract.avro', `not a valid Avro schema: ${(err as Error).message}`);
    return problems;
  }
  if (!/^fr\.gouv\.[a-z]+$/.test(c.namespace))
    add('contract.namespace', `namespace "${c.namespace}": expected fr.gouv.<domain>`);
  if (!c.file.startsWith(`avro/${c.domain}/`) || !c.file.endsWith(`/${c.name}.avsc`)) {
    add('contract.file', `file ${c.file}: expected avro/${c.domain}/${c.name}.avsc`);
  }
  if (!/^[A-Z][A-Za-z]+ed$/.test(c.name))
    add('contract.name', `name "${c.name}": expected a past-tense event name (…ed)`);
  if (!c.doc) add('contract.doc', 'expected a doc saying what happened');
  if (!agencyIds.has(c.owner))
    add('contract.owner', `${ATTR.owner} "${c.owner}": expected a declared agency id`);
  for (const p of c.publishers.slice(1))
    if (!agencyIds.has(p))
      add('contract.publishers', `${ATTR.publishers} "${p}": expected a declared agency id`);
  const level = c.schema[ATTR.compatibility];
  if (level !== undefined && !isCompatibilityLevel(level)) {
    add(
      'contract.compatibility',
      `${ATTR.compatibility} "${String(level)}": expected one of the seven levels`,
    );
  }
  for (const f of c.fields) {
    const where = `${c.fullName}.${f.path}`;
    if (!f.doc) add('field.doc', 'expected a doc', where);
    if (!(dataCategories as readonly string[]).includes(f.category)) {
      add(
        'field.category',
        `${ATTR.category} "${String(f.category)}": expected one of ${dataCategories.join(', ')}`,
        where,
      );
    }
    if (!(sensitivities as readonly string[]).includes(f.sensitivity)) {
      add(
        'field.sensitivity',
        `${ATTR.sensitivity} "${String(f.sensitivity)}": expected one of ${sensitivities.join(', ')}`,
        where,
      );
    }
  }
  for (const e of enumsOf(c.schema)) {
    const where = `${c.fullName} enum ${String(e['name'])}`;
    if (e['default'] === undefined)
      add('enum.default', 'expected a default symbol, so the enum can grow', where);
    if (!e['doc']) add('enum.doc', 'expected a doc', where);
  }
  return problems;
}

export function validateCatalog(catalog: Catalog): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const agencyIds = new Set(catalog.agencies.map((a) => a.id));
  const byName = new Map<string, Contract>();
  for (const c of catalog.contracts) {
    if (byName.has(c.fullName))
      problems.push({
        where: c.file,
        rule: 'contract.unique',
        message: `${c.fullName} is defined twice`,
      });
    byName.set(c.fullName, c);
    problems.push(...validateContract(c, agencyIds));
  }
  const ids = new Set<string>();
  for (const s of catalog.subscriptions) {
    const where = `subscription ${s.id ?? '(no id)'}`;
    const add = (rule: string, message: string): void => {
      problems.push({ where, rule, message });
    };
    if (!s.id) add('subscription.id', 'expected an id');
    else if (ids.has(s.id)) add('subscription.unique', `id ${s.id} is used twice`);
    ids.add(s.id);
    if (!agencyIds.has(s.agency))
      add(
        'subscription.agency',
        `agency "${s.agency}": no such agency in infra/agencies/agencies.yaml`,
      );
    const contract = byName.get(s.contract);
    if (!contract)
      add('subscription.contract', `contract "${s.contract}": no such contract in contracts/avro`);
    if (!(legalBases as readonly string[]).includes(s.legalBasis)) {
      add(
        'subscription.legalBasis',
        `legalBasis "${String(s.legalBasis)}": expected one of ${legalBases.join(', ')}`,
      );
    }
    if (s.legalBasis !== 'consent' && !s.law)
      add('subscription.law', `legalBasis ${s.legalBasis}: expected the law it rests on`);
    if (!s.gdpr) add('subscription.gdpr', 'expected the GDPR article (RGPD art. 6)');
    if (!/^[a-z][a-z0-9-]{1,63}$/.test(String(s.purpose)))
      add('subscription.purpose', `purpose "${String(s.purpose)}": expected kebab-case`);
    if (!Array.isArray(s.fields) || s.fields.length === 0)
      add('subscription.fields', 'expected at least one field');
    else if (contract) {
      const top = new Set(contract.fields.filter((f) => f.topLevel).map((f) => f.name));
      for (const f of s.fields) {
        if (!top.has(f))
          add(
            'subscription.field',
            `field "${f}": ${s.contract} has no such field (it has ${[...top].join(', ')})`,
          );
      }
    }
  }
  return problems;
}
