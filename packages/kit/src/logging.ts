// pino JSON lines, each carrying the active trace id. Personal identifiers never reach a log
// line: known keys are censored wherever they appear (BRIEF: "no personal identifier in a log").
import { trace } from '@opentelemetry/api';
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Keys that name or identify a person. Add to this list rather than logging payloads. */
export const personalKeys = [
  'pivot',
  'pivotId',
  'pseudonym',
  'citizenId',
  'nir',
  'socialSecurityNumber',
  'taxNumber',
  'spi',
  'firstName',
  'firstNames',
  'lastName',
  'birthName',
  'usualName',
  'name',
  'birthDate',
  'dateOfBirth',
  'email',
  'phone',
  'address',
  'street',
  'iban',
  'payload',
  'value',
  'key',
] as const;

const redactPaths = personalKeys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export interface LoggerConfig {
  service: string;
  level?: string;
  /** For tests: where lines go instead of stdout. */
  destination?: pino.DestinationStream;
}

export function createLogger(config: LoggerConfig): Logger {
  const options: LoggerOptions = {
    level: config.level ?? 'info',
    base: { service: config.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: redactPaths, censor: '[personal]' },
    // Correlate every line with the trace it belongs to (W3C trace context).
    mixin() {
      const span = trace.getActiveSpan();
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    },
  };
  return config.destination ? pino(options, config.destination) : pino(options);
}
