// Subjects and versions: list, get, register, lookup, soft and hard delete.
import type { FastifyPluginAsync } from 'fastify';
import type { CompatibilityLevel } from '@relais/contracts';
import { deleteSubject, deleteVersion, register, type SchemaInput } from '../domain/commands.ts';
import {
  canonicalSchema,
  fingerprintOf,
  parseReferences,
  resolveVersion,
} from '../domain/schemas.ts';
import type { SchemaVersion } from '../domain/state.ts';
import { orThrow, registryErrors } from '../errors.ts';
import type { RegistryCounters } from '../adapters/metrics.ts';
import type { RegistryStore } from '../adapters/registry-store.ts';
import { writeOrForward } from './confluent-plugin.ts';
import { writeContext } from './write-access.ts';

type SubjectParams = { subject: string };
type VersionParams = { subject: string; version: string };
type Query = { deleted?: string; permanent?: string; normalize?: string };

const tags = ['subjects'];

function view(v: SchemaVersion) {
  return {
    subject: v.subject,
    version: v.version,
    id: v.id,
    schema: v.schema,
    ...(v.references.length ? { references: v.references } : {}),
  };
}

/** A subject's version as the Confluent API answers it, for the document. */
const versionSchema = {
  type: 'object',
  required: ['subject', 'version', 'id', 'schema'],
  properties: {
    subject: { type: 'string' },
    version: { type: 'integer' },
    id: { type: 'integer' },
    schema: { type: 'string' },
    schemaType: { type: 'string' },
    references: { type: 'array', items: { type: 'object' } },
  },
};

export function subjectRoutes(
  store: RegistryStore,
  defaultLevel: CompatibilityLevel,
  counters: RegistryCounters,
): FastifyPluginAsync {
  return async (app) => {
    const state = store.state;

    app.get<{ Querystring: Query }>(
      '/subjects',
      {
        schema: {
          tags,
          summary: 'List subjects',
          returns: { 200: { type: 'array', items: { type: 'string' } } },
        },
      },
      async (req) => state.subjectNames(req.query.deleted === 'true'),
    );

    app.get<{ Params: SubjectParams; Querystring: Query }>(
      '/subjects/:subject/versions',
      {
        schema: {
          tags,
          summary: 'List the versions of a subject',
          returns: { 200: { type: 'array', items: { type: 'integer' } } },
        },
      },
      async (req) => {
        const versions = state.versionsOf(req.params.subject, req.query.deleted === 'true');
        if (versions.length === 0) throw registryErrors.subjectNotFound(req.params.subject);
        return versions.map((v) => v.version);
      },
    );

    app.get<{ Params: VersionParams; Querystring: Query }>(
      '/subjects/:subject/versions/:version',
      {
        schema: {
          tags,
          summary: 'Get one version of a subject (or "latest")',
          returns: { 200: versionSchema },
        },
      },
      async (req) => {
        const deleted = req.query.deleted === 'true';
        if (state.versionsOf(req.params.subject, deleted).length === 0)
          throw registryErrors.subjectNotFound(req.params.subject);
        return view(
          orThrow(resolveVersion(state, req.params.subject, req.params.version, deleted)),
        );
      },
    );

    app.get<{ Params: VersionParams }>(
      '/subjects/:subject/versions/:version/schema',
      { schema: { tags, summary: 'Get only the schema text of a version' } },
      async (req, reply) => {
        if (state.versionsOf(req.params.subject).length === 0)
          throw registryErrors.subjectNotFound(req.params.subject);
        const v = orThrow(resolveVersion(state, req.params.subject, req.params.version));
        return reply.type('application/vnd.schemaregistry.v1+json').send(v.schema);
      },
    );

    app.get<{ Params: VersionParams }>(
      '/subjects/:subject/versions/:version/referencedby',
      {
        schema: {
          tags,
          summary: 'Ids of schemas referencing this version',
          returns: { 200: { type: 'array', items: { type: 'integer' } } },
        },
      },
      async (req) => {
        const v = orThrow(resolveVersion(state, req.params.subject, req.params.version));
        return [...state.schemas.values()]
          .filter((s) =>
            s.references.some((r) => r.subject === v.subject && r.version === v.version),
          )
          .map((s) => s.id);
      },
    );

    app.post<{ Params: SubjectParams; Body: SchemaInput; Querystring: Query }>(
      '/subjects/:subject/versions',
      {
        // 409: incompatible with the subject's earlier versions.
        schema: {
          tags,
          summary: 'Register a schema under a subject (idempotent)',
          errors: [409],
          returns: {
            200: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
          },
        },
        config: { write: 'register' },
      },
      async (req, reply) =>
        writeOrForward(store, req, reply, async () => {
          const { id, created } = await store.write((s) => {
            const outcome = register(
              s,
              req.params.subject,
              req.body ?? {},
              defaultLevel,
              req.query.normalize === 'true',
            );
            if (!outcome.ok && outcome.problem.code === 'incompatible-schema')
              counters.incompatible('register');
            const out = orThrow(outcome);
            return {
              records: out.records,
              result: { id: out.id, created: out.records.length > 0 },
              details: { version: out.version, id: out.id },
            };
          }, writeContext(req));
          // Counted once written (a follower forwards: the leader counts).
          if (created) counters.registered();
          return { id };
        }),
    );

    app.post<{ Params: SubjectParams; Body: SchemaInput; Querystring: Query }>(
      '/subjects/:subject',
      {
        schema: {
          tags,
          summary: 'Look a schema up under a subject',
          returns: { 200: versionSchema },
        },
      },
      async (req) => {
        const deleted = req.query.deleted === 'true';
        const versions = state.versionsOf(req.params.subject, deleted);
        if (versions.length === 0) throw registryErrors.subjectNotFound(req.params.subject);
        const fingerprint = fingerprintOf(
          orThrow(canonicalSchema(req.body?.schema)),
          orThrow(parseReferences(req.body?.references)),
        );
        const found = versions.find((v) => state.schemas.get(v.id)?.fingerprint === fingerprint);
        if (!found) throw registryErrors.schemaNotFound();
        return view(found);
      },
    );

    app.delete<{ Params: SubjectParams; Querystring: Query }>(
      '/subjects/:subject',
      {
        schema: { tags, summary: 'Delete a subject (soft; permanent=true after a soft delete)' },
        config: { write: 'delete-subject' },
      },
      async (req, reply) =>
        writeOrForward(store, req, reply, () =>
          store.write((s) => {
            const out = orThrow(
              deleteSubject(s, req.params.subject, req.query.permanent === 'true'),
            );
            return {
              records: out.records,
              result: out.versions,
              details: { versions: out.versions },
            };
          }, writeContext(req)),
        ),
    );

    app.delete<{ Params: VersionParams; Querystring: Query }>(
      '/subjects/:subject/versions/:version',
      {
        schema: { tags, summary: 'Delete one version (soft; permanent=true after a soft delete)' },
        config: { write: 'delete-version' },
      },
      async (req, reply) =>
        writeOrForward(store, req, reply, () =>
          store.write((s) => {
            const out = orThrow(
              deleteVersion(
                s,
                req.params.subject,
                req.params.version,
                req.query.permanent === 'true',
              ),
            );
            return { records: out.records, result: out.version, details: { version: out.version } };
          }, writeContext(req)),
        ),
    );
  };
}
