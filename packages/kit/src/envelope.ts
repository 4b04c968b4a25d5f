// CloudEvents 1.0 in Kafka binary mode: attributes as `ce_*` headers, the data as the value.
// https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md
// No personal identifier ever goes in a header: `subject` is deliberately not supported.
import { PoisonRecordError } from './kafka/dead-letter.ts';
import type { ConsumedRecord, HeaderProblem } from './kafka/records.ts';
import type { Clock, IdGenerator } from './clock.ts';

export const legalBases = ['consent', 'legal-obligation', 'public-task'] as const;
export type LegalBasis = (typeof legalBases)[number];

export interface Envelope {
  specversion: '1.0';
  /** Unique per source; Relais uses UUIDs. Effects are idempotent by this id. */
  id: string;
  /** The publishing agency's URN, e.g. `urn:relais:agency:mairie-lyon`. */
  source: string;
  /** The contract's full name, e.g. `fr.gouv.residence.AddressChanged`. */
  type: string;
  /** RFC 3339 timestamp of the fact. */
  time: string;
  /** `content-type` header in binary mode. */
  datacontenttype: string;
  /** Registry URL of the schema the data was written with. */
  dataschema?: string;
  /** Extension: why the data moves (`address-update`, `proactive-eligibility`, ...). */
  purpose?: string;
  /** Extension: the legal basis of this flow. */
  legalbasis?: LegalBasis;
  /** Extension: the consent a consent-based flow relies on. */
  consentid?: string;
}

export const AVRO_CONTENT_TYPE = 'application/avro';

const headerOf = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  datacontenttype: 'content-type',
  dataschema: 'ce_dataschema',
  purpose: 'ce_purpose',
  legalbasis: 'ce_legalbasis',
  consentid: 'ce_consentid',
} as const satisfies Record<keyof Envelope, string>;

/** RFC 3339 date-time (CloudEvents `time`). */
const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const uriReference = /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$|^\/[^\s]*$/;
const contractName = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;
const purposeName = /^[a-z][a-z0-9-]{1,63}$/;
/** C0 controls, DEL and C1 controls: never in an attribute (they hide in logs and pages). */
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;

/** The most characters each attribute may have (issue 13: every header bounded). */
export const envelopeBounds = {
  specversion: 8,
  id: 128,
  source: 256,
  type: 256,
  time: 64,
  datacontenttype: 128,
  dataschema: 512,
  purpose: 64,
  legalbasis: 32,
  consentid: 128,
} as const satisfies Record<keyof Envelope, number>;
/** Extension attributes Relais does not know: a CloudEvents name and a bounded value. */
export const EXTENSION_MAX_CHARACTERS = 256;
const extensionName = /^ce_[a-z0-9]{1,20}$/;
const knownHeaders = new Set<string>(Object.values(headerOf));

export interface EnvelopeProblem {
  header: string;
  expected: string;
}

export function validateEnvelope(e: Partial<Record<keyof Envelope, unknown>>): EnvelopeProblem[] {
  const problems: EnvelopeProblem[] = [];
  const check = (key: keyof Envelope, ok: boolean, expected: string, required = true): void => {
    const v = e[key];
    if (v === undefined || v === '') {
      if (required) problems.push({ header: headerOf[key], expected: `required: ${expected}` });
      return;
    }
    if (typeof v === 'string' && controlCharacter.test(v)) {
      problems.push({ header: headerOf[key], expected: `${expected}, without control characters` });
      return;
    }
    if (typeof v === 'string' && v.length > envelopeBounds[key]) {
      problems.push({
        header: headerOf[key],
        expected: `${expected} of at most ${envelopeBounds[key]} characters, got ${v.length}`,
      });
      return;
    }
    if (!ok) problems.push({ header: headerOf[key], expected });
  };
  const str = (k: keyof Envelope): string => (typeof e[k] === 'string' ? e[k] : '');
  check('specversion', e.specversion === '1.0', '"1.0"');
  check(
    'id',
    str('id').length > 0 && str('id').length <= 128,
    'a non-empty id of at most 128 characters',
  );
  check(
    'source',
    uriReference.test(str('source')),
    'a URI-reference such as urn:relais:agency:<id>',
  );
  check(
    'type',
    contractName.test(str('type')),
    'a contract full name such as fr.gouv.residence.AddressChanged',
  );
  check(
    'time',
    rfc3339.test(str('time')) && !Number.isNaN(Date.parse(str('time'))),
    'an RFC 3339 timestamp',
  );
  check(
    'datacontenttype',
    /^[\w.+-]+\/[\w.+-]+/.test(str('datacontenttype')),
    'a media type such as application/avro',
  );
  check('dataschema', uriReference.test(str('dataschema')), 'a URI', false);
  check('purpose', purposeName.test(str('purpose')), 'a purpose name in kebab-case', false);
  check(
    'legalbasis',
    (legalBases as readonly unknown[]).includes(e.legalbasis),
    `one of ${legalBases.join(', ')}`,
    false,
  );
  check(
    'consentid',
    str('consentid').length > 0 && str('consentid').length <= 128,
    'a consent id',
    false,
  );
  if (e.legalbasis === 'consent' && !e.consentid) {
    problems.push({
      header: headerOf.consentid,
      expected: 'required when ce_legalbasis is consent',
    });
  }
  return problems;
}

/** The `ce_*` headers Relais does not know: each a CloudEvents extension, bounded text. */
export function validateExtensions(headers: Record<string, string>): EnvelopeProblem[] {
  const problems: EnvelopeProblem[] = [];
  for (const [header, value] of Object.entries(headers)) {
    if (!header.startsWith('ce_') || knownHeaders.has(header)) continue;
    if (!extensionName.test(header)) {
      problems.push({
        header,
        expected: 'an extension name of 1 to 20 lowercase letters or digits after ce_',
      });
    } else if (controlCharacter.test(value)) {
      problems.push({ header, expected: 'text without control characters' });
    } else if (value.length > EXTENSION_MAX_CHARACTERS) {
      problems.push({
        header,
        expected: `at most ${EXTENSION_MAX_CHARACTERS} characters, got ${value.length}`,
      });
    }
  }
  return problems;
}

export class EnvelopeError extends PoisonRecordError {
  readonly problems: EnvelopeProblem[];
  constructor(problems: EnvelopeProblem[]) {
    super(
      'envelope.invalid',
      `invalid CloudEvents envelope: ${problems.map((p) => `${p.header}: expected ${p.expected}`).join('; ')}`,
    );
    this.problems = problems;
  }
}

/** Envelope → Kafka headers. Throws EnvelopeError on an invalid envelope (never written). */
export function envelopeToHeaders(e: Envelope): Record<string, string> {
  const problems = validateEnvelope(e);
  if (problems.length) throw new EnvelopeError(problems);
  const headers: Record<string, string> = {};
  for (const [key, header] of Object.entries(headerOf) as Array<[keyof Envelope, string]>) {
    const v = e[key];
    if (v !== undefined) headers[header] = v;
  }
  return headers;
}

/**
 * Kafka headers → Envelope, validated (extensions included). Throws EnvelopeError naming each bad
 * header; `unreadable` are the headers that could not be read as text (kafka/records.ts).
 */
export function envelopeFromHeaders(
  headers: Record<string, string>,
  unreadable: readonly HeaderProblem[] = [],
): Envelope {
  const raw: Partial<Record<keyof Envelope, string>> = {};
  for (const [key, header] of Object.entries(headerOf) as Array<[keyof Envelope, string]>) {
    const v = headers[header];
    if (v !== undefined) raw[key] = v;
  }
  const named = new Set(unreadable.map((p) => p.header));
  const problems = [
    ...unreadable,
    ...[...validateEnvelope(raw), ...validateExtensions(headers)].filter(
      (p) => !named.has(p.header),
    ),
  ];
  if (problems.length) throw new EnvelopeError(problems);
  return raw as Envelope;
}

/** A consumed record's envelope: its headers, and those that could not be read strictly. */
export function envelopeFromRecord(
  record: Pick<ConsumedRecord, 'headers' | 'headerProblems'>,
): Envelope {
  return envelopeFromHeaders(record.headers, record.headerProblems);
}

export interface NewEnvelope {
  source: string;
  type: string;
  datacontenttype?: string;
  dataschema?: string;
  purpose?: string;
  legalbasis?: LegalBasis;
  consentid?: string;
  /** When the fact happened, if not now. */
  time?: Date;
}

export function createEnvelope(
  input: NewEnvelope,
  deps: { clock: Clock; ids: IdGenerator },
): Envelope {
  const { time, datacontenttype, ...rest } = input;
  return {
    specversion: '1.0',
    id: deps.ids(),
    time: (time ?? deps.clock.now()).toISOString(),
    datacontenttype: datacontenttype ?? AVRO_CONTENT_TYPE,
    ...rest,
  };
}
