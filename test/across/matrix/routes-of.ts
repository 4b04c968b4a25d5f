// What a running service answers: every (method, route pattern) its fastify app registered, read
// from app.printRoutes() — so a route added to a service without a line in the matrix (or among
// the routes that take no principal, with why) fails the matrix.
import type { FastifyInstance } from 'fastify';

/** `METHOD /pattern` for every route of `app` (HEAD, which fastify adds to each GET, left out). */
export function routesOf(app: FastifyInstance): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const at = line.search(/[├└]── /);
    if (at < 0) continue;
    const depth = at / 4;
    const m = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(at + 4));
    const segment = m?.[1] ?? '';
    stack.length = depth;
    stack.push(segment);
    const path = stack.join('');
    for (const method of (m?.[2] ?? '').split(', ').filter(Boolean))
      if (method !== 'HEAD') out.push(`${method} ${path}`);
  }
  return out;
}
