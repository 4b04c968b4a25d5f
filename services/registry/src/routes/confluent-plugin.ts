// What makes this scope speak Confluent: its media types, its error shape ({error_code,
// message}), and forwarding of writes to the leader.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, bodyTooLargeMessage, type Logger } from '@relais/kit';
import { confluentBody, registryErrors } from '../errors.ts';
import { NotLeaderError, type RegistryStore } from '../adapters/registry-store.ts';

export const CONFLUENT_JSON = 'application/vnd.schemaregistry.v1+json';

/** The Confluent error body, for the OpenAPI document. */
const confluentError = {
  mediaType: CONFLUENT_JSON,
  schema: {
    type: 'object',
    required: ['error_code', 'message'],
    properties: { error_code: { type: 'integer' }, message: { type: 'string' } },
  },
};

export function speakConfluent(app: FastifyInstance, logger: Logger): void {
  // The document says what this scope answers: Confluent's media type and error body.
  app.addHook('onRoute', (route) => {
    route.schema = {
      ...route.schema,
      produces: route.schema?.produces ?? [CONFLUENT_JSON],
      errorBody: confluentError,
      // Confluent's: 404 no such subject, version or schema (40401…40409); 422 a bad version, a
      // bad schema or a bad level (42201…42205).
      errors: [...new Set([404, 422, ...(route.schema?.errors ?? [])])],
    };
  });
  app.addContentTypeParser(
    [CONFLUENT_JSON, 'application/vnd.schemaregistry+json', 'application/octet-stream'],
    { parseAs: 'string' },
    (_req, body, done) => {
      try {
        done(null, body === '' ? {} : JSON.parse(body as string));
      } catch (err) {
        done(registryErrors.invalidJson((err as Error).message), undefined);
      }
    },
  );
  app.addHook('onSend', async (_req, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('application/json')) {
      reply.header('content-type', CONFLUENT_JSON);
    }
    return payload;
  });
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) return reply.status(err.status).send(confluentBody(err));
    if (err.statusCode === 400 && err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      const invalid = registryErrors.invalidJson(err.message);
      return reply.status(invalid.status).send(confluentBody(invalid));
    }
    const status = err.statusCode ?? 500;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply.status(413).send({ error_code: 413, message: bodyTooLargeMessage(req) });
    if (status < 500)
      return reply.status(status).send({ error_code: status, message: err.message });
    logger.error({ err }, 'registry request failed');
    return reply
      .status(500)
      .send({ error_code: 50001, message: 'Error in the backend data store' });
  });
}

/** Runs a write here if this instance leads, else relays the request to the leader verbatim. */
export async function writeOrForward<T>(
  store: RegistryStore,
  request: FastifyRequest,
  reply: FastifyReply,
  write: () => Promise<T>,
): Promise<T | FastifyReply> {
  try {
    return await write();
  } catch (err) {
    if (!(err instanceof NotLeaderError) || !err.leaderUrl) throw err;
    let res: Response;
    try {
      res = await fetch(new URL(request.url, err.leaderUrl), {
        method: request.method,
        headers: {
          'content-type': CONFLUENT_JSON,
          accept: CONFLUENT_JSON,
          'x-relais-forwarded': '1',
          // The leader checks the writer again and records it in the audit.
          ...(request.headers.authorization
            ? { authorization: request.headers.authorization }
            : {}),
        },
        ...(request.body !== undefined && request.method !== 'GET'
          ? { body: JSON.stringify(request.body) }
          : {}),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (e) {
      throw registryErrors.forwardingError(`${err.leaderUrl}: ${(e as Error).message}`);
    }
    const body = (await res.json()) as unknown;
    // Read-your-writes on this instance too, before answering.
    if (res.ok) await store.catchUp();
    return reply.status(res.status).header('x-relais-forwarded-to', err.leaderUrl).send(body);
  }
}
