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
  /** No mandate of the caller's structure by that id for that citizen (a guess gets no more). */
  mandateNotFound: {
    kind: 'notFound',
    message: () => 'mandate not found for this citizen and structure',
  },
  /** The mandate exists for this structure but does not allow the call now. */
  mandateRefused: {
    kind: 'forbidden',
    message: (code: 'mandate.expired' | 'mandate.revoked' | 'mandate.scope-not-granted') =>
      ({
        'mandate.expired': 'mandate expired: it refuses every action',
        'mandate.revoked': 'mandate revoked by the citizen or an agent',
        'mandate.scope-not-granted': 'mandate does not grant this scope (or it was withdrawn)',
      })[code],
  },
  /** A mandate request: each field and what it expects. */
  invalidMandate: {
    kind: 'validation',
    message: (problems: FieldProblem[]) => describe(problems),
    problems: (problems: FieldProblem[]) => problems,
  },
  /** A counter call without a citizen where one is needed, or with one where none is. */
  counterCallShape: {
    kind: 'validation',
    message: (what: string) => `counter token: ${what}`,
    problems: (what: string) => [{ field: 'authorization', expected: what }],
  },
  unknownCitizen: {
    kind: 'unauthenticated',
    message: () => 'access token: unknown citizen (sub is no enrolled portal pseudonym)',
  },
});
