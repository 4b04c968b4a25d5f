// Demo citizens: stable pivots across runs (a demo's own file), enrolled in their sectors.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { newPivot, type PseudonymDirectory, type Pivot } from '@relais/identity';
import { root } from './preflight.ts';

export interface DemoCitizen {
  handle: string;
  name: string;
  story: string;
  sectors: string[];
}

export function demoCitizens(): DemoCitizen[] {
  return (
    parse(readFileSync(path.join(root, 'infra', 'citizens', 'citizens.yaml'), 'utf8')) as {
      citizens: DemoCitizen[];
    }
  ).citizens;
}

const pivotsFile = path.join(root, '.relais', 'demo-pivots.json');

export function demoPivots(citizens: DemoCitizen[]): Record<string, Pivot> {
  const known = existsSync(pivotsFile)
    ? (JSON.parse(readFileSync(pivotsFile, 'utf8')) as Record<string, Pivot>)
    : {};
  for (const c of citizens) known[c.handle] ??= newPivot();
  mkdirSync(path.dirname(pivotsFile), { recursive: true });
  writeFileSync(pivotsFile, JSON.stringify(known, null, 2));
  return known;
}

/** Enrols every demo citizen; answers their pseudonyms by handle and sector. */
export async function enrolDemoCitizens(
  directory: PseudonymDirectory,
): Promise<Record<string, Record<string, string>>> {
  const citizens = demoCitizens();
  const pivots = demoPivots(citizens);
  const out: Record<string, Record<string, string>> = {};
  for (const c of citizens)
    out[c.handle] = await directory.enrol(pivots[c.handle] as Pivot, c.sectors);
  return out;
}
