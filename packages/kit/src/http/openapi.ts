// What every service's OpenAPI document says beside its route schemas (issue 13, Schemathesis):
// who may call (security schemes, per-operation `security`) and every answer a route gives —
// the kit's error body for its 4xx, and the answers the kit itself adds (400 when the route
// validates something, 401 when it is behind a credential, 413/415 when it reads a body).
// Documentation only: a route's `errors`, `pages` and `redirects` never reach fastify's
// serializers, so an error body is sent exactly as the error handler builds it.
import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';

declare module 'fastify' {
  interface FastifySchema {
    /** Statuses this route answers with the kit's error body (beyond those the kit adds). */
    errors?: readonly number[];
    /** Statuses this route answers with an HTML page (a web face: its errors are pages too). */
    pages?: readonly number[];
    /** Statuses this route answers with a redirect (a `Location`, no body). */
    redirects?: readonly number[];
    /**
     * What the route answers, by status, for the document only (JSON Schema of the body): the
     * body is sent as the handler builds it, never through a serializer that could drop a field.
     */
    returns?: Record<number, Record<string, unknown>>;
    /** A scope whose errors are not the kit's body (the registry's Confluent API): theirs. */
    errorBody?: { mediaType: string; schema: Record<string, unknown> };
  }
}

/** A security scheme of the document (OpenAPI 3.1 Security Scheme Object). */
export type SecurityScheme =
  | { type: 'http'; scheme: 'bearer' | 'basic'; bearerFormat?: string; description: string }
  | { type: 'apiKey'; in: 'header' | 'cookie' | 'query'; name: string; description: string };

/** Every service's scrape route (GET /metrics/prometheus) takes this one. */
export const scrapeTokenScheme: SecurityScheme = {
  type: 'http',
  scheme: 'bearer',
  description: "The scrape token (metrics.token): Prometheus' credentials for /metrics/prometheus.",
};

/** The operator's token (operator.token), the kit's operatorAuth. */
export const operatorTokenScheme: SecurityScheme = {
  type: 'http',
  scheme: 'bearer',
  description: "The operator's token (operator.token in the keys folder).",
};

/** A citizen's access token at the consent service and the notifier. */
export const citizenTokenScheme: SecurityScheme = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description:
    "A citizen's access token: the portal's (ES256, for the signed-in citizen, this service's audience), or in development one of POST /v1/dev/citizen-token at the consent service.",
};

/** A France Services agent's token at the consent service and the notifier (dec-039). */
export const counterTokenScheme: SecurityScheme = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description:
    'A counter token: signed by the counter (ES256) for one agent acting for one citizen under one mandate (RFC 8693 `act`, `relais_mandate`), two minutes long.',
};

/** The body of every 4xx the kit's error handler sends (error-handler.ts ErrorBody). */
export const errorBodySchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'The kind: validation, notFound, unauthenticated, …' },
    code: { type: 'string', description: "The service's own code (consent.not-found)" },
    message: { type: 'string' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'expected'],
        properties: { field: { type: 'string' }, expected: { type: 'string' } },
      },
    },
    traceId: { type: 'string' },
  },
} as const;

const describe: Record<number, string> = {
  301: 'Moved',
  302: 'Found',
  303: 'See other',
  400: 'Bad request: the problems name each field and what was expected',
  401: 'No credential, or not the one this route takes',
  403: 'Authenticated, but not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Body too large',
  414: 'A path parameter too long',
  415: 'Unsupported media type',
  422: 'Unprocessable',
  429: 'Rate limited',
  503: 'Unavailable',
};

const description = (status: number): string => describe[status] ?? `Status ${status}`;

const errorResponse = (status: number, body?: FastifySchema['errorBody']) => ({
  description: description(status),
  content: {
    [body?.mediaType ?? 'application/json']: { schema: body?.schema ?? errorBodySchema },
  },
});
const pageResponse = (status: number) => ({
  description: status < 300 ? 'An HTML page' : `${description(status)} (an HTML page)`,
  content: { 'text/html': { schema: { type: 'string' } } },
});
const redirectResponse = (status: number) => ({
  description: description(status),
  headers: { location: { type: 'string' } },
  type: 'null',
});

const hasKeys = (o: unknown): boolean =>
  typeof o === 'object' && o !== null && Object.keys(o).length > 0;

/**
 * @fastify/swagger's `transform`: a route's schema with every answer declared. The kit adds
 * 400 when the route validates a part (or reads a body), 413 and 415 when it reads a body, 401
 * when it declares `security`, and the statuses the route names in `errors`, `pages` and
 * `redirects`. A web page route (`pages`) answers its errors as pages.
 */
export function documentAnswers({
  schema,
  url,
  route,
}: {
  schema: FastifySchema;
  url: string;
  route: RouteOptions;
}): { schema: FastifySchema; url: string } {
  if (!schema || schema.hide) return { schema, url };
  const { errors = [], pages = [], redirects = [], errorBody, returns = {}, ...rest } = schema;
  const methods = ([] as string[]).concat(route.method);
  const readsBody =
    hasKeys(schema.body) || methods.some((m) => ['POST', 'PUT', 'PATCH'].includes(m));
  const validates =
    readsBody || hasKeys(schema.querystring) || hasKeys(schema.params) || hasKeys(schema.headers);
  const secured = (schema.security ?? []).some((requirement) => hasKeys(requirement));
  const web = pages.length > 0;
  // A path parameter past the router's limit is a 414; a value the route cannot take (or that no
  // route matches once decoded) a 404.
  const hasParams = url.includes(':') || url.includes('*');
  const kit = [
    ...(validates || hasParams ? [400] : []),
    ...(secured ? [401] : []),
    ...(hasParams ? [404, 414] : []),
    ...(readsBody ? [413, 415] : []),
  ];
  const response: Record<string, unknown> = { ...(rest.response as Record<string, unknown>) };
  for (const [status, body] of Object.entries(returns)) response[status] ??= body;
  for (const status of pages) response[status] ??= pageResponse(status);
  for (const status of redirects) response[status] ??= redirectResponse(status);
  for (const status of [...errors, ...kit])
    response[status] ??= web ? pageResponse(status) : errorResponse(status, errorBody);

  // A route that declares no success answers 200, its body undescribed (as fastify-swagger says).
  if (!Object.keys(response).some((status) => /^[23]/.test(status)))
    response['200'] = { description: 'Default Response' };
  return { schema: { ...rest, response }, url };
}

/** One OpenAPI security requirement list: any one of its entries lets the caller in. */
export type SecurityRequirements = ReadonlyArray<Record<string, readonly string[]>>;

/**
 * Declares, in the document, the credential every route registered after this call in `app`'s
 * scope requires (beside the hook that enforces it): a route naming its own `security` keeps it.
 */
export function documentSecurity(app: FastifyInstance, security: SecurityRequirements): void {
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, security: route.schema?.security ?? security };
  });
}

interface MediaType {
  schema?: unknown;
}
interface Operation {
  responses?: Record<string, { description?: string; content?: Record<string, MediaType> }>;
}

/**
 * @fastify/swagger's `transformObject`: a path whose parameters no route matches once decoded
 * (a slash, a control character) reaches the kit's not-found handler, whatever the route's scope
 * answers: every 404 of a path with parameters also says the kit's body.
 */
export function completeDocument<T extends object>(openapiObject: T): T {
  const paths = (openapiObject as { paths?: Record<string, Record<string, Operation>> }).paths;
  for (const [url, operations] of Object.entries(paths ?? {})) {
    if (!url.includes('{')) continue;
    for (const operation of Object.values(operations)) {
      const notFound = operation.responses?.['404'];
      if (!notFound) continue;
      const content = (notFound.content ??= {});
      const json = content['application/json'];
      if (!json?.schema) content['application/json'] = { schema: errorBodySchema };
      else if (JSON.stringify(json.schema) !== JSON.stringify(errorBodySchema))
        content['application/json'] = { schema: { anyOf: [json.schema, errorBodySchema] } };
    }
  }
  return openapiObject;
}
