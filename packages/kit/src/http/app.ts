// The fastify app factory: health and readiness, one error handler, OpenAPI from route schemas,
// the latency histogram and GET /metrics/prometheus (metrics/http.ts). The app never listens here (src/app.ts of a service registers its routes on it; tests inject).
import AjvCompiler from '@fastify/ajv-compiler';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../logging.ts';
import { instrumentHttp } from '../metrics/http.ts';
import { createServiceMetrics, type ServiceMetrics } from '../metrics/registry.ts';
import { fastifyTelemetryPlugin } from '../telemetry/sdk.ts';
import { errorHandler } from './error-handler.ts';
import { lazyRequestLogger } from './request-logger.ts';
import {
  completeDocument,
  documentAnswers,
  scrapeTokenScheme,
  type SecurityScheme,
} from './openapi.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The service this app serves (createHttpApp's `service`): named on its spans. */
    relaisService?: string;
  }
}

export type ReadinessCheck = () => Promise<void> | void;

export interface HttpAppOptions {
  logger: Logger;
  service: string;
  version?: string;
  description?: string;
  /** Named checks; /readyz answers 503 naming those that fail. */
  readiness?: Record<string, ReadinessCheck>;
  bodyLimitBytes?: number;
  /**
   * The service's metrics (its own registry and scrape token); without them a fresh registry
   * that nobody may scrape on this port (deny by default).
   */
  metrics?: ServiceMetrics;
  /** Longest path parameter (fastify's 100 by default; a longer one is answered 414). */
  maxParamLength?: number;
  /** Development shortcuts that are on (checkDevelopmentShortcuts): named in /healthz. */
  developmentShortcuts?: readonly string[];
  /**
   * The credentials its routes take, by name, for the OpenAPI document; routes name theirs in
   * `schema.security` (a public route leaves it out). `scrapeToken` is always there.
   */
  securitySchemes?: Record<string, SecurityScheme>;
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
    ...(options.maxParamLength
      ? { routerOptions: { maxParamLength: options.maxParamLength } }
      : {}),
    // Log the route pattern, never the raw URL: a path may carry a pseudonym.
    logController: new LogController({ disableRequestLogging: true }),
    // request.log is made on its first line (request-logger.ts): most requests write none.
    childLoggerFactory: lazyRequestLogger,
    schemaController: { compilersFactory: { buildValidator } },
  });
  app.decorate('relaisService', options.service);
  const otel = fastifyTelemetryPlugin();
  if (otel) await app.register(otel);
  // The app's logger with the request id as a field: the same line as request.log's, without
  // making a child logger per request.
  const requestIdLabel = 'reqId';
  app.addHook('onResponse', async (request, reply) => {
    // A route's own log level (fastify's `logLevel`) still silences its line.
    if (!(request.log as Logger).isLevelEnabled('info')) return;
    app.log.info(
      {
        [requestIdLabel]: request.id,
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
      components: {
        securitySchemes: { scrapeToken: scrapeTokenScheme, ...options.securitySchemes },
      },
    },
    transform: documentAnswers,
    transformObject: (document) =>
      completeDocument(
        'openapiObject' in document ? document.openapiObject : document.swaggerObject,
      ),
  });
  // After swagger: the scrape route is in the document, behind its token.
  instrumentHttp(app, options.metrics ?? createServiceMetrics(options.service));

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
