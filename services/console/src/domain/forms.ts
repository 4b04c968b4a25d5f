// The console's forms and query strings, read and checked: what the operator typed comes back on
// error, and each error names its field (the id the error summary links to) and the message key in
// the operator's language. Nothing from a page reaches a port unchecked. Pure: "now" is handed in.
import { many, one, type FieldError, type FormBody, type StringKey } from '@relais/web/text';
import { dateToParisLocal, parisLocalToDate } from './format.ts';
import type { Messages } from './i18n.ts';
import type { DeadLetterFilter, DeadLetterSource, DeadLetterStatus, FlowQuery } from './views.ts';

/** The id of the input (or the first input of the group) the summary links to, and the message. */
export type FormError = FieldError<StringKey<Messages>>;

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FormError[] };

const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const TRACE_ID = /^[0-9a-f]{32}$/;
const AGENCY = /^[a-z0-9][a-z0-9-]{0,62}$/;
const OWNER = /^[a-z0-9][a-z0-9.-]{0,62}$/;
const REASON = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
/** `<topic>:<partition>:<offset>` of a dead letter (a Kafka topic name has 249 characters at most). */
export const DEAD_LETTER_ID = /^[A-Za-z0-9._-]{1,249}:\d{1,6}:\d{1,20}$/;
export const DELIVERY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const MAX_SELECTION = 100;
const MAX_RANGE_MS = 31 * 86_400_000;

export const isEventId = (v: string): boolean => EVENT_ID.test(v);

// ---------------------------------------------------------------- flow search

export const SEARCH_KINDS = ['event', 'trace', 'agency'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** The search form as typed. */
export interface FlowSearchInput {
  by: string;
  eventId: string;
  traceId: string;
  agency: string;
  from: string;
  to: string;
}

/** The last hour, as the agency search's fields show it before anything is typed. */
export function emptySearch(now: Date): FlowSearchInput {
  return {
    by: 'event',
    eventId: '',
    traceId: '',
    agency: '',
    from: dateToParisLocal(new Date(now.getTime() - 3_600_000)),
    to: dateToParisLocal(now),
  };
}

export function readFlowSearch(q: FormBody, now: Date): FlowSearchInput {
  const blank = emptySearch(now);
  return {
    by: one(q, 'by') || blank.by,
    eventId: one(q, 'eventId'),
    traceId: one(q, 'traceId').toLowerCase(),
    agency: one(q, 'agency'),
    from: one(q, 'from') || blank.from,
    to: one(q, 'to') || blank.to,
  };
}

export function checkFlowSearch(input: FlowSearchInput, limit = 50): Checked<FlowQuery> {
  switch (input.by) {
    case 'event':
      return EVENT_ID.test(input.eventId)
        ? { ok: true, value: { kind: 'event', eventId: input.eventId } }
        : { ok: false, errors: [{ field: 'eventId', message: 'errEventId' }] };
    case 'trace':
      return TRACE_ID.test(input.traceId) && !/^0+$/.test(input.traceId)
        ? { ok: true, value: { kind: 'trace', traceId: input.traceId } }
        : { ok: false, errors: [{ field: 'traceId', message: 'errTraceId' }] };
    case 'agency': {
      const errors: FormError[] = [];
      if (!AGENCY.test(input.agency)) errors.push({ field: 'agency', message: 'errAgency' });
      const from = parisLocalToDate(input.from);
      const to = parisLocalToDate(input.to);
      if (!from) errors.push({ field: 'from', message: 'errFrom' });
      if (!to || (from && (to <= from || to.getTime() - from.getTime() > MAX_RANGE_MS))) {
        errors.push({ field: 'to', message: 'errTo' });
      }
      if (errors.length > 0 || !from || !to) return { ok: false, errors };
      return { ok: true, value: { kind: 'agency', agency: input.agency, from, to, limit } };
    }
    default:
      return { ok: false, errors: [{ field: 'eventId', message: 'errBy' }] };
  }
}

/** The query string that finds this search again (the fields that matter to its kind). */
export function searchQuery(input: FlowSearchInput): string {
  const q = new URLSearchParams({ by: input.by });
  if (input.by === 'event') q.set('eventId', input.eventId);
  if (input.by === 'trace') q.set('traceId', input.traceId);
  if (input.by === 'agency') {
    q.set('agency', input.agency);
    q.set('from', input.from);
    q.set('to', input.to);
  }
  return q.toString();
}

// ---------------------------------------------------------------- dead-letter filters

export const SOURCES: readonly DeadLetterSource[] = ['dead-letter', 'reject'];
export const STATUSES: readonly DeadLetterStatus[] = ['open', 'replayed', 'discarded'];

/** The filters as typed; `status` '' means all, and is `open` before anything is chosen. */
export interface FilterInput {
  source: string;
  owner: string;
  reason: string;
  status: string;
  limit: string;
}

export function readFilter(q: FormBody): FilterInput {
  const chosen = q['status'] !== undefined;
  return {
    source: one(q, 'source'),
    owner: one(q, 'owner'),
    reason: one(q, 'reason'),
    status: chosen ? one(q, 'status') : 'open',
    limit: one(q, 'limit') || '100',
  };
}

/** A whole number from 1 to `max`, or undefined. */
export function wholeNumber(raw: string, max = 500): number | undefined {
  if (!/^\d{1,4}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 && n <= max ? n : undefined;
}

export function checkFilter(input: FilterInput): Checked<DeadLetterFilter> {
  const errors: FormError[] = [];
  const source = SOURCES.find((s) => s === input.source);
  const status = STATUSES.find((s) => s === input.status);
  const limit = wholeNumber(input.limit);
  if (input.source !== '' && !source) errors.push({ field: 'source', message: 'errFilterSource' });
  if (input.owner !== '' && !OWNER.test(input.owner)) {
    errors.push({ field: 'owner', message: 'errFilterOwner' });
  }
  if (input.reason !== '' && !REASON.test(input.reason)) {
    errors.push({ field: 'reason', message: 'errFilterReason' });
  }
  if (input.status !== '' && !status) errors.push({ field: 'status', message: 'errFilterStatus' });
  if (limit === undefined) errors.push({ field: 'limit', message: 'errLimit' });
  if (errors.length > 0 || limit === undefined) return { ok: false, errors };
  return {
    ok: true,
    value: {
      limit,
      ...(source ? { source } : {}),
      ...(input.owner ? { owner: input.owner } : {}),
      ...(input.reason ? { reason: input.reason } : {}),
      ...(status ? { status } : {}),
    },
  };
}

export function filterQuery(input: FilterInput): string {
  return new URLSearchParams({ ...input }).toString();
}

// ---------------------------------------------------------------- selections and actions

export type DeadLetterAction = 'replay' | 'discard';

/** The ticked rows: 1 to 100 ids of the expected shape, each once. */
export function checkSelection(
  body: FormBody,
  shape: RegExp,
  message: 'errSelection' | 'errWebhookSelection',
): Checked<string[]> {
  const ids = [...new Set(many(body, 'ids'))];
  if (ids.length === 0 || ids.length > MAX_SELECTION || !ids.every((id) => shape.test(id))) {
    return { ok: false, errors: [{ field: 'select-0', message }] };
  }
  return { ok: true, value: ids };
}

export function checkAction(body: FormBody): Checked<DeadLetterAction> {
  const action = one(body, 'action');
  return action === 'replay' || action === 'discard'
    ? { ok: true, value: action }
    : { ok: false, errors: [{ field: 'select-0', message: 'errAction' }] };
}

/** A discard's reason: 5 to 500 characters of text, no control characters. */
export function checkDiscardReason(body: FormBody): Checked<string> {
  const reason = one(body, 'discardReason').replace(/\s+/g, ' ');
  // eslint-disable-next-line no-control-regex
  const clean = !/[\u0000-\u001f\u007f]/.test(reason);
  return reason.length >= 5 && reason.length <= 500 && clean
    ? { ok: true, value: reason }
    : { ok: false, errors: [{ field: 'discardReason', message: 'errDiscardReason' }] };
}
