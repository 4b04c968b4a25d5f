// Mandates (issue 15, dec-040): a citizen lets the agents of one France Services structure act for
// them, for some scopes and a fixed duration, on the model of Aidants Connect. What
// relais.mandates holds per citizen (key = pivot, compacted) is the whole list after each change
// (`MandatesChanged`); the consent service writes it, and the consent service and the notifier
// check every counter agent's call against it with `decideMandate`. Pure: time comes in as an
// argument, ids from the caller.

/** What a mandate lets an agent do (Aidants Connect's "démarches", narrowed to Relais). */
export const mandateScopes = ['CONSENTS', 'NOTICES', 'PREFERENCES', 'DATA_FLOWS'] as const;
export type MandateScope = (typeof mandateScopes)[number];
/** One day, a month, six months, a year (Aidants Connect's durations). */
export const mandateDurations = [1, 31, 182, 365] as const;
export type MandateDuration = (typeof mandateDurations)[number];
export const mandateModes = ['IN_PERSON', 'REMOTE'] as const;
export type MandateMode = (typeof mandateModes)[number];
/** Signed in once on the agent's screen, or a signed printed attestation the structure keeps. */
export const mandateConfirmations = ['FRANCECONNECT', 'ATTESTATION'] as const;
export type MandateConfirmation = (typeof mandateConfirmations)[number];
export type MandateActor = 'CITIZEN' | 'AGENT';

export interface MandateRecord {
  mandateId: string;
  structureId: string;
  structureName: string;
  agentSub: string;
  agentName: string;
  scopes: MandateScope[];
  revokedScopes: Array<{ scope: MandateScope; revokedAt: Date; revokedBy: MandateActor }>;
  durationDays: number;
  mode: MandateMode;
  confirmation: MandateConfirmation;
  attestationId: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface MandatesState {
  changeId: string;
  kind: 'CREATED' | 'SCOPE_REVOKED';
  mandateId: string;
  mandates: MandateRecord[];
  changedBy: MandateActor;
  changedAt: Date;
}

export type MandateStatus = 'active' | 'expired' | 'revoked';

const DAY_MS = 86_400_000;

/** Scopes still granted (granted, not withdrawn). */
export const liveScopes = (m: MandateRecord): MandateScope[] =>
  m.scopes.filter((s) => !m.revokedScopes.some((r) => r.scope === s));

export function mandateStatus(m: MandateRecord, now: Date): MandateStatus {
  if (now.getTime() >= m.expiresAt.getTime()) return 'expired';
  return liveScopes(m).length ? 'active' : 'revoked';
}

/** Why an agent's call is refused: each a code the edge maps to an error. */
export type MandateRefusal =
  | 'mandate.not-found'
  | 'mandate.other-structure'
  | 'mandate.expired'
  | 'mandate.revoked'
  | 'mandate.scope-not-granted';

export type MandateDecision =
  | { ok: true; mandate: MandateRecord }
  | { ok: false; code: MandateRefusal; mandate?: MandateRecord };

/**
 * May an agent of `structureId` act under `mandateId` for `scope` at `now`? Deny by default: the
 * mandate must be the citizen's, held by that structure, unexpired, and still grant the scope.
 */
export function decideMandate(
  mandates: readonly MandateRecord[] | undefined,
  need: { mandateId: string; structureId: string; scope: MandateScope },
  now: Date,
): MandateDecision {
  const mandate = (mandates ?? []).find((m) => m.mandateId === need.mandateId);
  if (!mandate) return { ok: false, code: 'mandate.not-found' };
  // Another structure's mandate is not shown to this one, not even its state.
  if (mandate.structureId !== need.structureId)
    return { ok: false, code: 'mandate.other-structure' };
  const status = mandateStatus(mandate, now);
  if (status === 'expired') return { ok: false, code: 'mandate.expired', mandate };
  if (status === 'revoked') return { ok: false, code: 'mandate.revoked', mandate };
  if (!liveScopes(mandate).includes(need.scope))
    return { ok: false, code: 'mandate.scope-not-granted', mandate };
  return { ok: true, mandate };
}

export interface MandateRequest {
  scopes: unknown;
  durationDays: unknown;
  mode: unknown;
  confirmation: unknown;
  attestationId?: unknown;
}

export interface MandateProblem {
  field: string;
  expected: string;
}

const oneOf = (values: readonly (string | number)[]) => `one of ${values.join(', ')}`;

/** Field problems of a mandate request (empty: valid). */
export function mandateRequestProblems(request: MandateRequest): MandateProblem[] {
  const problems: MandateProblem[] = [];
  const scopes = request.scopes;
  if (
    !Array.isArray(scopes) ||
    scopes.length === 0 ||
    !scopes.every((s) => (mandateScopes as readonly unknown[]).includes(s)) ||
    new Set(scopes).size !== scopes.length
  )
    problems.push({
      field: '/scopes',
      expected: `distinct scopes among ${mandateScopes.join(', ')}`,
    });
  if (!(mandateDurations as readonly unknown[]).includes(request.durationDays))
    problems.push({ field: '/durationDays', expected: `${oneOf(mandateDurations)} (days)` });
  if (!(mandateModes as readonly unknown[]).includes(request.mode))
    problems.push({ field: '/mode', expected: oneOf(mandateModes) });
  if (!(mandateConfirmations as readonly unknown[]).includes(request.confirmation))
    problems.push({ field: '/confirmation', expected: oneOf(mandateConfirmations) });
  const attestation = request.attestationId;
  if (request.confirmation === 'ATTESTATION') {
    if (typeof attestation !== 'string' || !/^[A-Z0-9-]{6,40}$/.test(attestation))
      problems.push({
        field: '/attestationId',
        expected: 'the printed attestation number (6 to 40 upper-case letters, digits, hyphens)',
      });
  } else if (attestation !== undefined && attestation !== null)
    problems.push({ field: '/attestationId', expected: 'nothing unless confirmed by attestation' });
  return problems;
}

export interface MandateCreation {
  mandateId: string;
  changeId: string;
  structure: { id: string; name: string };
  agent: { sub: string; name: string };
  scopes: MandateScope[];
  durationDays: MandateDuration;
  mode: MandateMode;
  confirmation: MandateConfirmation;
  attestationId: string | null;
  now: Date;
}

/** The citizen's state once a mandate is created (expired ones stay: the citizen's history). */
export function createMandate(
  current: MandatesState | undefined,
  c: MandateCreation,
): MandatesState {
  const mandate: MandateRecord = {
    mandateId: c.mandateId,
    structureId: c.structure.id,
    structureName: c.structure.name,
    agentSub: c.agent.sub,
    agentName: c.agent.name,
    scopes: [...c.scopes],
    revokedScopes: [],
    durationDays: c.durationDays,
    mode: c.mode,
    confirmation: c.confirmation,
    attestationId: c.attestationId,
    createdAt: c.now,
    expiresAt: new Date(c.now.getTime() + c.durationDays * DAY_MS),
  };
  return {
    changeId: c.changeId,
    kind: 'CREATED',
    mandateId: c.mandateId,
    mandates: [...(current?.mandates ?? []), mandate],
    changedBy: 'AGENT',
    changedAt: c.now,
  };
}

export type ScopeRevocation =
  | { code: 'revoked'; state: MandatesState; mandate: MandateRecord }
  | { code: 'unchanged'; mandate: MandateRecord }
  | { code: 'mandate.not-found' | 'mandate.other-structure' };

/**
 * Withdraws scopes of a mandate (all of them when `scopes` is undefined). The citizen may revoke
 * any of their mandates; an agent only one of their structure's. Withdrawing again is unchanged.
 */
export function revokeMandateScopes(
  current: MandatesState | undefined,
  r: {
    mandateId: string;
    scopes?: readonly MandateScope[] | undefined;
    by: { actor: 'CITIZEN' } | { actor: 'AGENT'; structureId: string };
    changeId: string;
    now: Date;
  },
): ScopeRevocation {
  const mandate = current?.mandates.find((m) => m.mandateId === r.mandateId);
  if (!current || !mandate) return { code: 'mandate.not-found' };
  if (r.by.actor === 'AGENT' && mandate.structureId !== r.by.structureId)
    return { code: 'mandate.other-structure' };
  const live = liveScopes(mandate);
  const withdrawn = (r.scopes ?? live).filter((s) => live.includes(s));
  if (!withdrawn.length || mandateStatus(mandate, r.now) === 'expired')
    return { code: 'unchanged', mandate };
  const changed: MandateRecord = {
    ...mandate,
    revokedScopes: [
      ...mandate.revokedScopes,
      ...withdrawn.map((scope) => ({ scope, revokedAt: r.now, revokedBy: r.by.actor })),
    ],
  };
  return {
    code: 'revoked',
    mandate: changed,
    state: {
      changeId: r.changeId,
      kind: 'SCOPE_REVOKED',
      mandateId: r.mandateId,
      mandates: current.mandates.map((m) => (m.mandateId === r.mandateId ? changed : m)),
      changedBy: r.by.actor,
      changedAt: r.now,
    },
  };
}
