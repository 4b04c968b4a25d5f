// What the files of demo accounts (infra/citizens/citizens.yaml, infra/agents/agents.yaml) share:
// every problem named by the account and the field, nothing half-loaded; each entry's handle
// checked (lower-case letters, digits, -, once) and its text fields read. Pure.

/** What is wrong in a file of demo accounts: every problem, each naming the account and field. */
export class AccountsFileError extends Error {
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(`${file}: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

const HANDLE = /^[a-z][a-z0-9-]{1,31}$/;

export interface EntryReader {
  entry: Record<string, unknown>;
  handle: string;
  /** `citizens[camille].identity.email` */
  at: (field: string) => string;
  /** A string field of `obj` (under `prefix` in the messages), '' and a problem when it is not. */
  text: (obj: Record<string, unknown>, field: string, prefix?: string) => string;
}

/**
 * One entry of the list `list` (`citizens`, `agents`): its handle checked, and a reader of its
 * text fields — a string is expected (`nonEmpty`: and not blank), `hint` says how to fix it.
 */
export function readEntry(
  o: { list: string; nonEmpty: boolean; hint: string; seen: Set<string>; problems: string[] },
  raw: unknown,
  i: number,
): EntryReader {
  const entry = (raw ?? {}) as Record<string, unknown>;
  const handle = typeof entry['handle'] === 'string' ? entry['handle'] : `#${i}`;
  const at = (field: string) => `${o.list}[${handle}].${field}`;
  const text = (obj: Record<string, unknown>, field: string, prefix = ''): string => {
    const v = obj[field];
    if (typeof v !== 'string' || (o.nonEmpty && v.trim() === '')) {
      o.problems.push(
        `${at(prefix + field)}: expected a ${o.nonEmpty ? 'non-empty ' : ''}string (${o.hint})`,
      );
      return '';
    }
    return v;
  };
  if (!HANDLE.test(handle))
    o.problems.push(`${at('handle')}: expected lower-case letters, digits, -`);
  if (o.seen.has(handle)) o.problems.push(`${at('handle')}: appears twice`);
  o.seen.add(handle);
  return { entry, handle, at, text };
}
