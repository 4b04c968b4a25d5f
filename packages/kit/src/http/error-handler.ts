// The one error handler: 4xx bodies name the field and what was expected; 5xx bodies never
// carry internals, only a trace id an operator can look up.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldProblem } from '../errors.ts';
import type { Logger } from '../logging.ts';
import { currentTraceId } from '../telemetry/context.ts';

export interface ErrorBody {
  error: string;
  /** The service's own code, when the error comes from its table (`consent.not-found`). */
  code?: string;
  message: string;
  problems?: FieldProblem[];
  traceId?: string;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Turns Ajv's validation errors into field paths and expectations. */
export function problemsFromValidation(context: string, errors: AjvError[]): FieldProblem[] {
  return errors.map((e) => {
    const base = `/${context}${e.instancePath}`;
    switch (e.keyword) {
      case 'required':
        return { field: `${base}/${String(e.params['missingProperty'])}`, expected: 'required' };
      case 'additionalProperties':
        return {
          field: `${base}/${String(e.params['additionalProperty'])}`,
          expected: 'no such field (not allowed here)',
        };
      case 'type':
        return { field: base, expected: `type ${String(e.params['type'])}` };
      case 'enum':
        return {
          field: base,
          expected: `one of ${(e.params['allowedValues'] as unknown[]).map(String).join(', ')}`,
        };
      default:
        return { field: base, expected: e.message ?? e.keyword };
    }
  });
}

/**
 * The words of a 413 for a body over fastify's `bodyLimit`: the limit and what was sent (its
 * Content-Length; a chunked body is only known to be larger).
 */
export function bodyTooLargeMessage(request: FastifyRequest): string {
  const limit = request.routeOptions.bodyLimit;
  const sent = Number(request.headers['content-length']);
  const got = Number.isFinite(sent) && sent > 0 ? `${sent.toLocaleString('en-US')} bytes` : 'more';
  return `body: expected at most ${limit.toLocaleString('en-US')} bytes, got ${got}`;
}

export function errorHandler(logger: Logger) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const traceId = currentTraceId();
    if (err instanceof AppError) {
      const body: ErrorBody = { error: err.code, message: err.message };
      if (err.reason) body.code = err.reason;
      if (err.problems.length) body.problems = err.problems;
      if (err.status >= 500) {
        logger.error({ err, route: request.routeOptions.url }, 'request failed');
        return reply
          .status(err.status)
          .send({ error: err.code, message: 'service unavailable', traceId });
      }
      return reply.status(err.status).send(body);
    }
    if (err.validation) {
      const problems = problemsFromValidation(
        err.validationContext ?? 'body',
        err.validation as AjvError[],
      );
      return reply.status(400).send({
        error: 'validation',
        message: problems.map((p) => `${p.field}: expected ${p.expected}`).join('; '),
        problems,
      } satisfies ErrorBody);
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: bad JSON, body too large, unsupported media type.
      const code =
        status === 413 ? 'payloadTooLarge' : status === 415 ? 'unsupportedMediaType' : 'badRequest';
      const message =
        err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? bodyTooLargeMessage(request) : err.message;
      return reply.status(status).send({ error: code, message } satisfies ErrorBody);
    }
    logger.error({ err, route: request.routeOptions.url }, 'request failed');
    const body: ErrorBody = { error: 'internal', message: 'internal error' };
    if (traceId) body.traceId = traceId;
    return reply.status(500).send(body);
  };
}
