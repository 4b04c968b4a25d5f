// The fastify app factory: health and readiness, one error handler, OpenAPI from route schemas.
// The app never listens here (src/app.ts of a service registers its routes on it; tests inject).
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../logging.ts';
import { fastifyTelemetryPlugin } from '../telemetry/sdk.ts';
import { errorHandler } from './error-handler.ts';

export type ReadinessCheck = () => Promise<void> | void;

export interface HttpAppOptions {
  logger: Logger;
  service: string;
  version?: string;
  description?: string;
  /** Named checks; /readyz answers 503 naming those that fail. */
  readiness?: Record<string, ReadinessCheck>;
  bodyLimitBytes?: number;
  /** Longest path parameter (fastify's 100 by default; a longer one is answered 414). */
  maxParamLength?: number;
}

export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  // pino's Logger and fastify's base logger differ only in generics; the instance is the same.
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    ...(options.maxParamLength
      ? { routerOptions: { maxParamLength: options.maxParamLength } }
      : {}),
    // Log the route pattern, never the raw URL: a path may carry a pseudonym.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array' } },
  });
  const otel = fastifyTelemetryPlugin();
  if (otel) await app.register(otel);
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: `Relais ${options.service}`,
        version: options.version ?? '0.1.0',
        description: options.description ?? '',
      },
    },
  });

  app.setErrorHandler(errorHandler(options.logger));
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: 'notFound',
      message: `no route ${request.method} ${request.routeOptions.url ?? 'for this path'}`,
    }),
  );

  const hidden = { schema: { hide: true } };
  app.get('/healthz', hidden, async () => ({ status: 'ok', service: options.service }));
  app.get('/readyz', hidden, async (_request, reply) => {
    const failing: Record<string, string> = {};
    for (const [name, check] of Object.entries(options.readiness ?? {})) {
      try {
        await check();
      } catch (err) {
        failing[name] = err instanceof Error ? err.message : String(err);
      }
    }
    const ready = Object.keys(failing).length === 0;
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', failing });
  });
  app.get('/openapi.json', hidden, async () => app.swagger());
  return app;
}
