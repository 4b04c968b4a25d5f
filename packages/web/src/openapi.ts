// What a web face (the portal, the console) says of its pages in its OpenAPI document: every
// page answers HTML — its errors are pages too (400, 404; a form post also 401 when the session
// is gone and 403 when the CSRF token is wrong) — or redirects (303); the pages behind a session
// name the face's session cookie as their credential. Routes that declare their own answers
// (assets, JSON) keep them. Documentation only (the kit's OpenAPI transform reads these).
import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/swagger';
import type {} from '@relais/kit';

export interface FaceDocument {
  /** The security scheme of the face's session cookie. */
  session: string;
  /** Paths anyone may load (sign-in, sign-out, the language switch, the welcome page). */
  open: readonly string[];
  /** What a page GET answers as a page (default 200, 400, 404). */
  getPages?: readonly number[];
}

export function documentPages(app: FastifyInstance, o: FaceDocument): void {
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide || route.schema?.response) return;
    const post = ([] as string[]).concat(route.method).includes('POST');
    route.schema = {
      ...route.schema,
      pages:
        route.schema?.pages ?? (post ? [200, 400, 401, 403, 404] : (o.getPages ?? [200, 400, 404])),
      redirects: route.schema?.redirects ?? [303],
      ...(o.open.includes(route.url) ? {} : { security: [{ [o.session]: [] }] }),
    };
  });
}

/** The scheme of a face's session cookie, for createHttpApp's `securitySchemes`. */
export const sessionCookieScheme = (name: string, who: string) =>
  ({
    type: 'apiKey',
    in: 'cookie',
    name,
    description: `The session cookie ${who} get by signing in (GET /login).`,
  }) as const;
