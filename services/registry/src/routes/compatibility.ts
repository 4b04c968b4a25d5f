// Test a schema against a subject without registering it.
import type { FastifyPluginAsync } from 'fastify';
import type { CompatibilityLevel } from '@relais/contracts';
import { testCompatibility, type SchemaInput } from '../domain/commands.ts';
import type { RegistryCounters } from '../adapters/metrics.ts';
import type { RegistryState } from '../domain/state.ts';
import { orThrow } from '../errors.ts';

type Params = { subject: string; version?: string };
type Query = { verbose?: string };

export function compatibilityRoutes(
  state: RegistryState,
  defaultLevel: CompatibilityLevel,
  counters: RegistryCounters,
): FastifyPluginAsync {
  /** The answer, with a false one counted. */
  const counted = (outcome: ReturnType<typeof testCompatibility>) => {
    const answer = orThrow(outcome);
    if (!answer.is_compatible) counters.incompatible('test');
    return answer;
  };
  return async (app) => {
    const tags = ['compatibility'];
    app.post<{ Params: Params; Body: SchemaInput; Querystring: Query }>(
      '/compatibility/subjects/:subject/versions/:version',
      {
        schema: {
          tags,
          summary: 'Is this schema compatible with one version ("latest" included)?',
        },
      },
      async (req) =>
        counted(
          testCompatibility(
            state,
            req.params.subject,
            req.params.version,
            req.body ?? {},
            defaultLevel,
            req.query.verbose === 'true',
          ),
        ),
    );
    app.post<{ Params: Params; Body: SchemaInput; Querystring: Query }>(
      '/compatibility/subjects/:subject/versions',
      {
        schema: {
          tags,
          summary: 'Is this schema compatible with the versions its level requires?',
        },
      },
      async (req) =>
        counted(
          testCompatibility(
            state,
            req.params.subject,
            undefined,
            req.body ?? {},
            defaultLevel,
            req.query.verbose === 'true',
          ),
        ),
    );
  };
}
