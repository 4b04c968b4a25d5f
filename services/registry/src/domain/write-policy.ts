// Who may change what in the registry (issue 13). Reads are open: serializers need them, and they
// reveal nothing a contract page does not. Writes need a role:
//   - a contract steward registers schemas, sets or removes a subject's compatibility level and
//     soft-deletes (a soft delete can be undone by registering the schema again);
//   - the operator may do all that, and what reaches every subject or cannot be undone: the
//     global level, modes (READONLY stops every publisher's auto-registration), hard deletes.
// An agency is neither: its credentials never write here.

export const writers = ['operator', 'steward'] as const;
export type Writer = (typeof writers)[number];

export const writeActions = [
  'register',
  'set-compatibility',
  'delete-compatibility',
  'set-mode',
  'delete-mode',
  'delete-version',
  'delete-subject',
] as const;
export type WriteAction = (typeof writeActions)[number];

export interface WriteRequest {
  action: WriteAction;
  /** The subject written, or null for the global level or mode. */
  subject: string | null;
  /** A hard delete (`?permanent=true`). */
  permanent: boolean;
}

/** Whether `writer` may make this write. */
export function mayWrite(writer: Writer, w: WriteRequest): boolean {
  if (writer === 'operator') return true;
  switch (w.action) {
    case 'register':
      return true;
    case 'set-compatibility':
    case 'delete-compatibility':
      return w.subject !== null;
    case 'delete-version':
    case 'delete-subject':
      return !w.permanent;
    case 'set-mode':
    case 'delete-mode':
      return false;
  }
}

/** A write as it is audited: who (a role, or the registry itself), what, through which route. */
export interface WriteContext extends WriteRequest {
  actor: Writer | 'registry';
  route: string;
}
