// What an agency may publish and how a submitted event is checked. Pure: no Kafka, no HTTP; the
// pseudonym directory is handed in as a lookup. Refusals carry a `code`; the edge (src/errors.ts)
// turns them into HTTP answers or native rejects.
import type { AgencyId } from '@relais/contracts';
import type { Pivot, Pseudonym } from '@relais/identity';
import type { AgencyPrincipal } from './agency.ts';

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

export type PublishRefusal =
  | { code: 'contract-unknown'; contract: string }
  | { code: 'not-publisher'; agency: AgencyId; contract: string; owner: string }
  /** The envelope fields or the data do not match the contract: each field and its expectation. */
  | { code: 'invalid-event'; problems: FieldProblem[] }
  /** No citizen with this pseudonym is enrolled in the publisher's sector. */
  | { code: 'subject-unknown'; field: string; sector: string };

export type PublishDecision =
  | {
      ok: true;
      contract: ContractInfo;
      subject: Pseudonym;
      pivot: Pivot;
      time: string | undefined;
      purpose: string | undefined;
    }
  | { ok: false; refusal: PublishRefusal };

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/**
 * How far after Relais' clock a publisher may date a fact (clocks drift). `time` is when the fact
 * happened: shown to recipients and ordering a citizen's facts in the eligibility profile, so a
 * fact dated in the future would outrank every true one (docs/decisions.md dec-030).
 */
export const MAX_TIME_AHEAD_SECONDS = 300;

export interface PublishInput {
  agency: AgencyPrincipal;
  contract: ContractInfo | undefined;
  contractName: string;
  event: SubmittedEvent;
  /** The contract codec's problems on `data`, already computed by the caller. */
  dataProblems: FieldProblem[];
  /** Where the event sits in the request (`/body`, `/body/events/3`; '' for a native record). */
  pointer: string;
  /** The pseudonym directory of the agency's sector. */
  pivotOf: (sector: string, pseudonym: Pseudonym) => Pivot | undefined;
  /** Relais' clock, now: a fact may not be dated beyond MAX_TIME_AHEAD_SECONDS after it. */
  now: Date;
}

/**
 * Deny by default: the contract must exist and the caller be one of its publishers; then the
 * envelope fields and the data; then the subject must be an enrolled citizen of its sector.
 */
export function decidePublish(input: PublishInput): PublishDecision {
  const { agency, contract, event, pointer } = input;
  if (!contract) {
    return { ok: false, refusal: { code: 'contract-unknown', contract: input.contractName } };
  }
  if (!(contract.publishers ?? [contract.owner]).includes(agency.id)) {
    return {
      ok: false,
      refusal: {
        code: 'not-publisher',
        agency: agency.id,
        contract: contract.fullName,
        owner: contract.owner,
      },
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
      ...input.dataProblems.map((p) => ({
        field: `${pointer}/data${p.field}`,
        expected: p.expected,
      })),
    );
  }
  if (event.time !== undefined && (typeof event.time !== 'string' || !RFC3339.test(event.time))) {
    problems.push({ field: `${pointer}/time`, expected: 'an RFC 3339 timestamp' });
  } else if (
    typeof event.time === 'string' &&
    Date.parse(event.time) > input.now.getTime() + MAX_TIME_AHEAD_SECONDS * 1000
  ) {
    problems.push({
      field: `${pointer}/time`,
      expected: `when the fact happened: at most ${MAX_TIME_AHEAD_SECONDS} s after now (${input.now.toISOString()}), got ${event.time}`,
    });
  }
  if (
    event.purpose !== undefined &&
    (typeof event.purpose !== 'string' || !/^[a-z][a-z0-9-]{1,63}$/.test(event.purpose))
  ) {
    problems.push({ field: `${pointer}/purpose`, expected: 'a purpose name in kebab-case' });
  }
  if (problems.length) return { ok: false, refusal: { code: 'invalid-event', problems } };
  const subject = event.subject as Pseudonym;
  const pivot = input.pivotOf(agency.sector, subject);
  if (!pivot) {
    return {
      ok: false,
      refusal: { code: 'subject-unknown', field: `${pointer}/subject`, sector: agency.sector },
    };
  }
  return {
    ok: true,
    contract,
    subject,
    pivot,
    time: event.time as string | undefined,
    purpose: event.purpose as string | undefined,
  };
}
