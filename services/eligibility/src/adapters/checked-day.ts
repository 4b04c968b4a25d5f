// The last day the parameter book was checked for values taking effect, kept on disk so a restart
// on the day a value takes effect does not miss its campaign. One day per partition of the facts
// (dec-048): with N instances each campaign covers the partitions its instance owns, and a
// partition taken over is checked by its new owner from the day it knows of, or the file's day.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface CheckedDay {
  /** The partition's last day checked (the file's day for a partition never checked here). */
  get(partition: number): string;
  set(day: string, partitions: readonly number[]): void;
}

interface Stored {
  day: string;
  partitions?: Record<string, string>;
}

/** `parameters-checked.json` in the data dir; created with `initial` when missing. */
export function checkedDayFile(dataDir: string, initial: string): CheckedDay {
  const file = path.join(dataDir, 'parameters-checked.json');
  const existed = existsSync(file);
  const stored: Stored = existed
    ? (JSON.parse(readFileSync(file, 'utf8')) as Stored)
    : { day: initial };
  const partitions = stored.partitions ?? {};
  const write = () => writeFileSync(file, JSON.stringify({ day: stored.day, partitions }));
  if (!existed) write();
  return {
    get: (p) => partitions[String(p)] ?? stored.day,
    set: (d, ps) => {
      for (const p of ps) partitions[String(p)] = d;
      write();
    },
  };
}
