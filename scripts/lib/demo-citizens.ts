// Demo citizens: stable pivots across runs (a demo's own file), enrolled in their sectors.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  newPivot,
  type IdentityLinks,
  type PivotIdentity,
  type PseudonymDirectory,
  type Pivot,
} from '@relais/identity';
import { root } from './preflight.ts';

export interface DemoCitizen {
  handle: string;
  name: string;
  story: string;
  sectors: string[];
  /** The identité pivot the identity provider sends at login (infra/citizens/citizens.yaml). */
  identity?: PivotIdentity;
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

/**
 * Enrols every demo citizen; answers their pseudonyms by handle and sector. With `links`, also
 * links each citizen's identité pivot (its keyed hash, never a NIR) to their pivot, so that they
 * sign in to the portal.
 */
export async function enrolDemoCitizens(
  directory: PseudonymDirectory,
  links?: IdentityLinks,
  /** Their pivots by handle; default: the demo's own file (.relais/demo-pivots.json). */
  given?: Record<string, Pivot>,
): Promise<Record<string, Record<string, string>>> {
  const citizens = demoCitizens();
  const pivots = given ?? demoPivots(citizens);
  const out: Record<string, Record<string, string>> = {};
  for (const c of citizens) {
    const pivot = pivots[c.handle] as Pivot;
    out[c.handle] = await directory.enrol(pivot, c.sectors);
    if (links && c.identity) await links.link(pivot, c.identity);
  }
  return out;
}
