// The last day the parameter book was checked for values taking effect, kept on disk so a restart
// on the day a value takes effect does not miss its campaign.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface CheckedDay {
  get(): string;
  set(day: string): void;
}

/** `parameters-checked.json` in the data dir; created with `initial` when missing. */
export function checkedDayFile(dataDir: string, initial: string): CheckedDay {
  const file = path.join(dataDir, 'parameters-checked.json');
  const write = (day: string) => writeFileSync(file, JSON.stringify({ day }));
  let day = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { day: string }).day
    : initial;
  if (!existsSync(file)) write(day);
  return {
    get: () => day,
    set: (d) => {
      day = d;
      write(d);
    },
  };
}
