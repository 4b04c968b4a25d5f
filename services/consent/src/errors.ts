// The consent service's table of error codes (kit defineErrors): each answers with its kind's
// HTTP status (the kit's one mapping) and `code: consent.<name>`. Routes and the citizen
// plugin throw these; the domain returns its own values (domain/consents.ts) that the edge maps
// here.
import { defineErrors, type FieldProblem } from '@relais/kit';

const describe = (problems: readonly FieldProblem[]): string =>
  problems.map((p) => `${p.field}: expected ${p.expected}`).join('; ');

export const errors = defineErrors('consent', {
  /** Not one of the caller's consents (another citizen's is not found either). */
  consentNotFound: {
    kind: 'notFound',
    message: (id: string) => `consent ${id} not found`,
  },
  /** Not one of the caller's access records (another citizen's is not found either). */
  accessRecordNotFound: {
    kind: 'notFound',
    message: (id: string) => `access record ${id} not found`,
  },
  /** A grant the catalog does not allow: each field and what it expects. */
  invalidGrant: {
    kind: 'validation',
    message: (problems: FieldProblem[]) => describe(problems),
    problems: (problems: FieldProblem[]) => problems,
  },
  /** Written (acks=all) but not yet applied by this instance: the client reads again shortly. */
  changeNotApplied: {
    kind: 'unavailable',
    message: () =>
      'consent state: the change is written but not applied here yet; read again shortly',
  },
  /** The router has not created the checkpoint key yet (its first start). */
  checkpointKeyMissing: {
    kind: 'unavailable',
    message: () => 'access-log checkpoint key: not created yet (the router creates it at start)',
  },
  missingToken: {
    kind: 'unauthenticated',
    message: () => 'authorization: expected "Bearer <citizen access token>"',
  },
  /** Why the token does not verify: expired, signature, claim, algorithm, malformed. */
  invalidToken: {
    kind: 'unauthenticated',
    message: (why: string) => `access token: ${why}`,
  },
  unknownCitizen: {
    kind: 'unauthenticated',
    message: () => 'access token: unknown citizen (sub is no enrolled portal pseudonym)',
  },
});
