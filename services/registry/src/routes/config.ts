// Compatibility levels and modes, global and per subject.
import type { FastifyPluginAsync } from 'fastify';
import type { CompatibilityLevel } from '@relais/contracts';
import {
  deleteConfig,
  deleteMode,
  modeFor,
  parseLevel,
  parseMode,
  setConfig,
  setMode,
} from '../domain/commands.ts';
import { orThrow, registryErrors } from '../errors.ts';
import type { RegistryStore } from '../adapters/registry-store.ts';
import { writeOrForward } from './confluent-plugin.ts';
import { writeContext } from './write-access.ts';

type SubjectParams = { subject: string };

export function configRoutes(
  store: RegistryStore,
  defaultLevel: CompatibilityLevel,
): FastifyPluginAsync {
  const state = store.state;
  const global = (): CompatibilityLevel => state.config.get('') ?? defaultLevel;
  return async (app) => {
    const tags = ['config'];
    app.get(
      '/config',
      {
        schema: {
          tags,
          summary: 'Global compatibility level',
          returns: {
            200: {
              type: 'object',
              required: ['compatibilityLevel'],
              properties: { compatibilityLevel: { type: 'string' } },
            },
          },
        },
      },
      async () => ({
        compatibilityLevel: global(),
      }),
    );
    app.put(
      '/config',
      {
        schema: { tags, summary: 'Set the global compatibility level' },
        config: { write: 'set-compatibility' },
      },
      async (req, reply) =>
        writeOrForward(store, req, reply, () => {
          const level = orThrow(parseLevel(req.body));
          return store.write(
            () => ({
              records: [setConfig(null, level)],
              result: { compatibility: level },
              details: { compatibility: level },
            }),
            writeContext(req),
          );
        }),
    );
    app.delete(
      '/config',
      {
        schema: { tags, summary: 'Reset the global level to the default' },
        config: { write: 'delete-compatibility' },
      },
      async (req, reply) =>
        writeOrForward(store, req, reply, () =>
          store.write((s) => {
            const { record } = orThrow(deleteConfig(s, null));
            // Like the subject-level delete, answers the level that was removed.
            return {
              records: [record],
              result: { compatibilityLevel: global() },
              details: { previous: global() },
            };
          }, writeContext(req)),
        ),
    );
    app.get<{ Params: SubjectParams; Querystring: { defaultToGlobal?: string } }>(
      '/config/:subject',
      {
        schema: {
          tags,
          summary: "A subject's compatibility level",
          returns: {
            200: {
              type: 'object',
              required: ['compatibilityLevel'],
              properties: { compatibilityLevel: { type: 'string' } },
            },
          },
        },
      },
      async (req) => {
        const level = state.config.get(req.params.subject);
        if (level) return { compatibilityLevel: level };
        if (req.query.defaultToGlobal === 'true') return { compatibilityLevel: global() };
        throw registryErrors.subjectCompatibilityNotConfigured(req.params.subject);
      },
    );
    app.put<{ Params: SubjectParams }>(
      '/config/:subject',
      {
        schema: { tags, summary: "Set a subject's level" },
        config: { write: 'set-compatibility' },
      },
      async (req, reply) =>
        writeOrForward(store, req, reply, () => {
          const level = orThrow(parseLevel(req.body));
          return store.write(
            () => ({
              records: [setConfig(req.params.subject, level)],
              result: { compatibility: level },
              details: { compatibility: level },
            }),
            writeContext(req),
          );
        }),
    );
    app.delete<{ Params: SubjectParams }>(
      '/config/:subject',
      {
        schema: { tags, summary: "Remove a subject's level" },
        config: { write: 'delete-compatibility' },
      },
      async (req, reply) =>
        writeOrForward(store, req, reply, () =>
          store.write((s) => {
            const { previous, record } = orThrow(deleteConfig(s, req.params.subject));
            return {
              records: [record],
              result: { compatibilityLevel: previous },
              details: { previous },
            };
          }, writeContext(req)),
        ),
    );

    const modeTags = ['mode'];
    app.get(
      '/mode',
      {
        schema: {
          tags: modeTags,
          summary: 'Global mode',
          returns: {
            200: { type: 'object', required: ['mode'], properties: { mode: { type: 'string' } } },
          },
        },
      },
      async () => ({
        mode: state.modes.get('') ?? 'READWRITE',
      }),
    );
    app.put(
      '/mode',
      {
        schema: { tags: modeTags, summary: 'Set the global mode (READWRITE or READONLY)' },
        config: { write: 'set-mode' },
      },
      async (req, reply) =>
        writeOrForward(store, req, reply, () => {
          const mode = orThrow(parseMode(req.body));
          return store.write(
            () => ({ records: [setMode(null, mode)], result: { mode }, details: { mode } }),
            writeContext(req),
          );
        }),
    );
    app.get<{ Params: SubjectParams; Querystring: { defaultToGlobal?: string } }>(
      '/mode/:subject',
      {
        schema: {
          tags: modeTags,
          summary: "A subject's mode",
          returns: {
            200: { type: 'object', required: ['mode'], properties: { mode: { type: 'string' } } },
          },
        },
      },
      async (req) => {
        const mode = state.modes.get(req.params.subject);
        if (mode) return { mode };
        if (req.query.defaultToGlobal === 'true')
          return { mode: modeFor(state, req.params.subject) };
        throw registryErrors.subjectModeNotConfigured(req.params.subject);
      },
    );
    app.put<{ Params: SubjectParams }>(
      '/mode/:subject',
      {
        schema: { tags: modeTags, summary: "Set a subject's mode" },
        config: { write: 'set-mode' },
      },
      async (req, reply) =>
        writeOrForward(store, req, reply, () => {
          const mode = orThrow(parseMode(req.body));
          return store.write(
            () => ({
              records: [setMode(req.params.subject, mode)],
              result: { mode },
              details: { mode },
            }),
            writeContext(req),
          );
        }),
    );
    app.delete<{ Params: SubjectParams }>(
      '/mode/:subject',
      {
        schema: { tags: modeTags, summary: "Remove a subject's mode" },
        config: { write: 'delete-mode' },
      },
      async (req, reply) =>
        writeOrForward(store, req, reply, () =>
          store.write((s) => {
            const { previous, record } = orThrow(deleteMode(s, req.params.subject));
            return { records: [record], result: { mode: previous }, details: { previous } };
          }, writeContext(req)),
        ),
    );
  };
}
