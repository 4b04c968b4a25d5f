// contracts:check — every contract against the versions already published, under its level.
import { checkLevel, type LevelProblem } from './compatibility/levels.ts';
import { parseForResolution } from './compatibility/resolve.ts';
import type { CatalogProblem, Contract } from './model.ts';

export interface PublishedVersion {
  version: number;
  schema: Record<string, unknown>;
}

/** Canonical JSON: object keys sorted, arrays (field order!) kept. */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v as object)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

export interface EvolutionReport {
  contract: string;
  level: string;
  /** Published versions compared with. */
  versions: number[];
  /** True when the contract equals its latest published version. */
  unchanged: boolean;
  problems: LevelProblem[];
}

export function checkEvolution(contract: Contract, published: PublishedVersion[]): EvolutionReport {
  const latest = published.at(-1);
  const unchanged =
    latest !== undefined && canonicalJson(latest.schema) === canonicalJson(contract.schema);
  const candidate = parseForResolution(contract.schema);
  const previous = published.map((p) => ({
    version: p.version,
    type: parseForResolution(p.schema),
  }));
  return {
    contract: contract.fullName,
    level: contract.compatibility,
    versions: published.map((p) => p.version),
    unchanged,
    problems: unchanged ? [] : checkLevel(contract.compatibility, candidate, previous),
  };
}

/** One line per problem: contract, field, rule, direction and version. */
export function evolutionProblems(report: EvolutionReport): CatalogProblem[] {
  return report.problems.map((p) => ({
    where: `${report.contract}${p.field ? `.${p.field}` : ''}`,
    rule: `${report.level}/${p.type}`,
    message: `${p.message} — ${p.direction === 'backward' ? `the new version cannot read data written with published v${p.againstVersion}` : `consumers on published v${p.againstVersion} cannot read data written with the new version`}`,
  }));
}
