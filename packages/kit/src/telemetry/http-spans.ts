// What fastify's spans (@fastify/otel) say: the service they belong to, and names an operator
// reads in a tracing UI — "POST /v1/events/:contract", "onRequest", "handler POST /v1/events/:contract"
// — rather than an anonymous plugin's source text. Route patterns only: never a raw URL's ids.
import type { FastifyOtelInstrumentationOpts } from '@fastify/otel';
import { SERVICE_NAME_ATTRIBUTE } from './service-name.ts';

type Hooks = Required<Pick<FastifyOtelInstrumentationOpts, 'requestHook' | 'lifecycleHook'>>;

const readableName = /^[\w$.@/-]{1,60}$/;

export const requestHook: Hooks['requestHook'] = (span, request) => {
  // The service createHttpApp was built for: every span under this one inherits it.
  const service = request.server.relaisService;
  if (service) span.setAttribute(SERVICE_NAME_ATTRIBUTE, service);
  const route = request.routeOptions.url;
  if (route) span.updateName(`${request.method} ${route}`);
  // The path without its query string (url.query is a separate attribute in the semantic
  // conventions, and a query may hold an authorization code).
  span.setAttribute('url.path', request.url.split('?')[0] ?? '');
};

export const lifecycleHook: Hooks['lifecycleHook'] = (span, { hookName, handler, request }) => {
  if (hookName === 'handler') {
    span.updateName(`handler ${request.method} ${request.routeOptions.url ?? ''}`.trimEnd());
    return;
  }
  span.updateName(handler && readableName.test(handler) ? `${hookName} ${handler}` : hookName);
};
