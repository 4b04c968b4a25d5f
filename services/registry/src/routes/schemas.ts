// Schemas by global id, and the schema types this registry accepts.
import type { FastifyPluginAsync } from 'fastify';
import type { RegistryState, StoredSchema } from '../domain/state.ts';
import { registryErrors } from '../errors.ts';
import { CONFLUENT_JSON } from './confluent-plugin.ts';

type IdParams = { id: string };
const tags = ['schemas'];

/**
 * `{ schema, references? }` as JSON text, by stored schema (collected with it). Text, not a
 * Buffer: node writes a small text body with the headers in one write, a Buffer in two.
 */
const bodies = new WeakMap<StoredSchema, string>();

function bodyOf(s: StoredSchema): string {
  let body = bodies.get(s);
  if (body === undefined) {
    body = JSON.stringify({
      schema: s.schema,
      ...(s.references.length ? { references: s.references } : {}),
    });
    bodies.set(s, body);
  }
  return body;
}

const cachedBody = (s: unknown): string => bodyOf(s as StoredSchema);

export function schemaRoutes(state: RegistryState): FastifyPluginAsync {
  const byId = (raw: string) => {
    const s = /^\d+$/.test(raw) ? state.schemas.get(Number(raw)) : undefined;
    if (!s) throw registryErrors.schemaNotFound(raw);
    return s;
  };
  return async (app) => {
    app.get<{ Params: IdParams }>(
      '/schemas/ids/:id',
      {
        schema: {
          tags,
          summary: 'Get a schema by its global id',
          returns: {
            200: {
              type: 'object',
              required: ['schema'],
              properties: {
                schema: { type: 'string' },
                references: { type: 'array', items: { type: 'object' } },
              },
            },
          },
        },
      },
      // The call every deserializer makes on a cache miss: the body is made once per schema
      // and sent as it is (a stored schema never changes; a new one is a new object).
      // Found first: an unknown id is a 404 through the error handler, whose answer must not go
      // through this serializer.
      async (req, reply) => {
        const found = byId(req.params.id);
        return reply.header('content-type', CONFLUENT_JSON).serializer(cachedBody).send(found);
      },
    );
    app.get<{ Params: IdParams }>(
      '/schemas/ids/:id/schema',
      { schema: { tags, summary: 'Get only the schema text' } },
      async (req, reply) =>
        reply.type('application/vnd.schemaregistry.v1+json').send(byId(req.params.id).schema),
    );
    app.get<{ Params: IdParams }>(
      '/schemas/ids/:id/versions',
      {
        schema: {
          tags,
          summary: 'Subject-versions using this id',
          returns: {
            200: {
              type: 'array',
              items: {
                type: 'object',
                required: ['subject', 'version'],
                properties: { subject: { type: 'string' }, version: { type: 'integer' } },
              },
            },
          },
        },
      },
      async (req) => {
        const s = byId(req.params.id);
        return state.subjectNames().flatMap((subject) =>
          state
            .versionsOf(subject)
            .filter((v) => v.id === s.id)
            .map((v) => ({ subject, version: v.version })),
        );
      },
    );
    app.get<{ Params: IdParams }>(
      '/schemas/ids/:id/subjects',
      {
        schema: {
          tags,
          summary: 'Subjects using this id',
          returns: { 200: { type: 'array', items: { type: 'string' } } },
        },
      },
      async (req) => {
        const s = byId(req.params.id);
        return state
          .subjectNames()
          .filter((subject) => state.versionsOf(subject).some((v) => v.id === s.id));
      },
    );
    app.get(
      '/schemas/types',
      {
        schema: {
          tags,
          summary: 'Schema types accepted (AVRO only)',
          returns: { 200: { type: 'array', items: { type: 'string', enum: ['AVRO'] } } },
        },
      },
      async () => ['AVRO'],
    );
    app.get('/', { schema: { hide: true } }, async () => ({}));
  };
}
