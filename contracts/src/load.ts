// Reads contracts/avro/**, contracts/subscriptions.yaml and infra/agencies/agencies.yaml.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { isCompatibilityLevel } from './compatibility/levels.ts';
import {
  ATTR,
  DEFAULT_CONTRACT_COMPATIBILITY,
  type Agency,
  type Catalog,
  type CatalogProblem,
  type Contract,
  type DataCategory,
  type FieldInfo,
  type Sensitivity,
  type Subscription,
} from './model.ts';

export const CONTRACTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const AGENCIES_FILE = path.resolve(
  CONTRACTS_DIR,
  '..',
  'infra',
  'agencies',
  'agencies.yaml',
);

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every field of the record, nested records included, with Relais' attributes. */
export function collectFields(record: Json, prefix = '', topLevel = true): FieldInfo[] {
  const out: FieldInfo[] = [];
  for (const f of (record['fields'] as Json[] | undefined) ?? []) {
    const name = String(f['name']);
    const p = prefix ? `${prefix}.${name}` : name;
    out.push({
      path: p,
      name,
      doc: typeof f['doc'] === 'string' ? f['doc'] : '',
      category: f[ATTR.category] as DataCategory,
      sensitivity: f[ATTR.sensitivity] as Sensitivity,
      type: f['type'],
      topLevel,
    });
    for (const nested of nestedRecords(f['type'])) out.push(...collectFields(nested, p, false));
  }
  return out;
}

/** Records defined inline inside a type (directly, in a union, an array or a map). */
export function nestedRecords(type: unknown): Json[] {
  if (Array.isArray(type)) return type.flatMap(nestedRecords);
  if (!isObject(type)) return [];
  if (type['type'] === 'record') return [type];
  if (type['type'] === 'array') return nestedRecords(type['items']);
  if (type['type'] === 'map') return nestedRecords(type['values']);
  return [];
}

export function contractFromSchema(schema: Json, file: string): Contract {
  const namespace = String(schema['namespace'] ?? '');
  const name = String(schema['name'] ?? '');
  const level = schema[ATTR.compatibility];
  return {
    fullName: namespace ? `${namespace}.${name}` : name,
    name,
    namespace,
    domain: namespace.split('.').pop() ?? '',
    owner: String(schema[ATTR.owner] ?? ''),
    publishers: [
      String(schema[ATTR.owner] ?? ''),
      ...(Array.isArray(schema[ATTR.publishers]) ? (schema[ATTR.publishers] as unknown[]) : []).map(
        String,
      ),
    ],
    doc: typeof schema['doc'] === 'string' ? schema['doc'] : '',
    compatibility: isCompatibilityLevel(level) ? level : DEFAULT_CONTRACT_COMPATIBILITY,
    schema,
    file,
    fields: collectFields(schema),
  };
}

export interface LoadResult {
  catalog: Catalog;
  problems: CatalogProblem[];
}

export function loadCatalog(
  contractsDir: string = CONTRACTS_DIR,
  agenciesFile: string = AGENCIES_FILE,
): LoadResult {
  const problems: CatalogProblem[] = [];
  const contracts: Contract[] = [];
  for (const file of walk(path.join(contractsDir, 'avro')).filter((f) => f.endsWith('.avsc'))) {
    const rel = path.relative(contractsDir, file);
    try {
      const schema = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (!isObject(schema) || schema['type'] !== 'record') {
        problems.push({
          where: rel,
          rule: 'contract.record',
          message: 'expected an Avro record schema',
        });
        continue;
      }
      contracts.push(contractFromSchema(schema, rel));
    } catch (err) {
      problems.push({
        where: rel,
        rule: 'contract.json',
        message: `not valid JSON: ${(err as Error).message}`,
      });
    }
  }

  let agencies: Agency[] = [];
  try {
    const doc = parseYaml(readFileSync(agenciesFile, 'utf8')) as { agencies?: Agency[] };
    agencies = doc.agencies ?? [];
  } catch (err) {
    problems.push({ where: agenciesFile, rule: 'agencies.file', message: (err as Error).message });
  }

  let subscriptions: Subscription[] = [];
  try {
    const doc = parseYaml(readFileSync(path.join(contractsDir, 'subscriptions.yaml'), 'utf8')) as {
      subscriptions?: Subscription[];
    };
    subscriptions = doc.subscriptions ?? [];
  } catch (err) {
    problems.push({
      where: 'subscriptions.yaml',
      rule: 'subscriptions.file',
      message: (err as Error).message,
    });
  }
  return { catalog: { contracts, agencies, subscriptions }, problems };
}

/** Published versions of a contract, oldest first: contracts/published/<full name>/v<N>.avsc. */
export function loadPublished(
  fullName: string,
  contractsDir: string = CONTRACTS_DIR,
): Array<{ version: number; schema: Json; file: string }> {
  const dir = path.join(contractsDir, 'published', fullName);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries
    .map((f) => ({ f, m: /^v(\d+)\.avsc$/.exec(f) }))
    .filter((x): x is { f: string; m: RegExpExecArray } => x.m !== null)
    .map(({ f, m }) => ({
      version: Number(m[1]),
      schema: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Json,
      file: path.join('published', fullName, f),
    }))
    .sort((a, b) => a.version - b.version);
}
