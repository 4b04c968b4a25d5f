// The fastify app factory: health and readiness, one error handler, OpenAPI from route schemas.
// The app never listens here (src/app.ts of a service registers its routes on it; tests inject).
import AjvCompiler from '@fastify/ajv-compiler';
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
  /** Development shortcuts that are on (checkDevelopmentShortcuts): named in /healthz. */
  developmentShortcuts?: readonly string[];
}

// Validation (issue 13): a JSON body is taken as sent — a number where a string is expected, null
// for a boolean or a scalar for an array is a 400 naming the field, never coerced. Query strings,
// path parameters and headers arrive as text: they are still read as their declared types.
const ajvPool = AjvCompiler();
const ajvOptions = { allErrors: true, removeAdditional: false } as const;
const buildValidator: typeof ajvPool = (externalSchemas, options) => {
  const plugins = options?.plugins ? { plugins: options.plugins } : {};
  const strict = ajvPool(externalSchemas, {
    ...plugins,
    customOptions: { ...ajvOptions, coerceTypes: false },
  });
  const textual = ajvPool(externalSchemas, {
    ...plugins,
    customOptions: { ...ajvOptions, coerceTypes: 'array' },
  });
  return (route) =>
    ((route as { httpPart?: string }).httpPart === 'body' ? strict : textual)(route);
};

export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  // pino's Logger and fastify's base logger differ only in generics; the instance is the same.
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    // Log the route pattern, never the raw URL: a path may carry a pseudonym.
    logController: new LogController({ disableRequestLogging: true }),
    schemaController: { compilersFactory: { buildValidator } },
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
  const shortcuts = options.developmentShortcuts?.length
    ? { developmentShortcuts: [...options.developmentShortcuts] }
    : {};
  app.get('/healthz', hidden, async () => ({
    status: 'ok',
    service: options.service,
    ...shortcuts,
  }));
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
