// The console's HTTP surface, a fastify plugin that never listens: the JSON API under /api/v1,
// every route behind an operator (deny by default: no operator, 401). `authenticate` says who the
// operator is — the console's sign-in plugs its sessions in; tests hand a stub. Query strings and
// path parameters are coerced from text; bodies are validated as sent, never coerced.
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { documentSecurity } from '@relais/kit';
import type { ConsoleActions, ConsoleReads, Operator } from './domain/views.ts';
import { consoleErrors } from './errors.ts';
import { deadLetterRoutes } from './routes/dead-letters.ts';
import { flowRoutes } from './routes/flows.ts';
import { operationRoutes } from './routes/operations.ts';

export interface ConsoleAppDeps {
  reads: ConsoleReads;
  actions: ConsoleActions;
  /** The operator behind this request, or null (no session, not an operator). */
  authenticate: (request: FastifyRequest) => Promise<Operator | null>;
}

// ajv-formats is CommonJS: its default export is the plugin function.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajvOf = (coerceTypes: boolean | 'array'): Ajv =>
  addFormats(new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, coerceTypes }));

export async function consoleApp(app: FastifyInstance, deps: ConsoleAppDeps): Promise<void> {
  const text = ajvOf('array');
  const strict = ajvOf(false);
  await app.register(async (api) => {
    api.setValidatorCompiler(({ schema, httpPart }) =>
      (httpPart === 'body' ? strict : text).compile(schema),
    );
    documentSecurity(api, [{ consoleSession: [] }]);
    const operators = new WeakMap<object, Operator>();
    api.addHook('onRequest', async (request) => {
      const operator = await deps.authenticate(request);
      if (!operator) throw consoleErrors.operatorRequired();
      operators.set(request, operator);
    });
    const operator = (request: object): Operator => {
      const o = operators.get(request);
      if (!o) throw consoleErrors.operatorRequired();
      return o;
    };
    await api.register(flowRoutes(deps.reads));
    await api.register(deadLetterRoutes({ ...deps, operator }));
    await api.register(operationRoutes({ ...deps, operator }));
  });
}
