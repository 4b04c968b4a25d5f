// What an agency may publish and how a submitted event is checked. Pure: no Kafka, no HTTP.
/** A field and what was expected there (same shape as @relais/kit's). */
export interface FieldProblem {
  field: string;
  expected: string;
}

export interface SubmittedEvent {
  subject?: unknown;
  data?: unknown;
  time?: unknown;
  purpose?: unknown;
}

export interface ContractInfo {
  fullName: string;
  owner: string;
  /** The owner and any further agency allowed to publish it. */
  publishers?: readonly string[];
  domain: string;
}

export type PublishDecision =
  | { ok: true; subject: string; time: string | undefined; purpose: string | undefined }
  | { ok: false; status: 400 | 403 | 404; message: string; problems: FieldProblem[] };

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Deny by default: the contract must exist and belong to the caller; then the envelope fields
 * (`dataProblems` are the codec's problems on `data`, already computed by the caller).
 */
export function decidePublish(
  agencyId: string,
  contract: ContractInfo | undefined,
  contractName: string,
  event: SubmittedEvent,
  dataProblems: FieldProblem[],
  pointer = '/body',
): PublishDecision {
  if (!contract) {
    return {
      ok: false,
      status: 404,
      message: `contract ${contractName} does not exist (see GET /catalog on the registry)`,
      problems: [],
    };
  }
  if (!(contract.publishers ?? [contract.owner]).includes(agencyId)) {
    return {
      ok: false,
      status: 403,
      message: `agency ${agencyId} may not publish ${contract.fullName}: it is owned by ${contract.owner}`,
      problems: [],
    };
  }
  const problems: FieldProblem[] = [];
  if (
    typeof event.subject !== 'string' ||
    event.subject.length === 0 ||
    event.subject.length > 128
  ) {
    problems.push({
      field: `${pointer}/subject`,
      expected: "the citizen's pseudonym in your sector (1 to 128 characters)",
    });
  }
  if (event.data === null || typeof event.data !== 'object' || Array.isArray(event.data)) {
    problems.push({
      field: `${pointer}/data`,
      expected: `an object: the fields of ${contract.fullName}`,
    });
  } else {
    problems.push(
      ...dataProblems.map((p) => ({ field: `${pointer}/data${p.field}`, expected: p.expected })),
    );
  }
  if (event.time !== undefined && (typeof event.time !== 'string' || !RFC3339.test(event.time))) {
    problems.push({ field: `${pointer}/time`, expected: 'an RFC 3339 timestamp' });
  }
  if (
    event.purpose !== undefined &&
    (typeof event.purpose !== 'string' || !/^[a-z][a-z0-9-]{1,63}$/.test(event.purpose))
  ) {
    problems.push({ field: `${pointer}/purpose`, expected: 'a purpose name in kebab-case' });
  }
  if (problems.length) {
    return {
      ok: false,
      status: 400,
      message: problems.map((p) => `${p.field}: expected ${p.expected}`).join('; '),
      problems,
    };
  }
  return {
    ok: true,
    subject: event.subject as string,
    time: event.time as string | undefined,
    purpose: event.purpose as string | undefined,
  };
}
