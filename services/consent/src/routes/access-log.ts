// GET /v1/me/access-log — who received which of your data, why and when (latest first).
import type { FastifyPluginAsync } from 'fastify';
import { asAgencyId, type AgencyId, type Catalog } from '@relais/contracts';
import type { AccessLogStore } from '../adapters/access-log-store.ts';
import '../auth/types.ts';
import { errors } from '../errors.ts';

export function accessLogRoutes(accessLog: AccessLogStore, catalog: Catalog): FastifyPluginAsync {
  const names = new Map<AgencyId, string>(catalog.agencies.map((a) => [asAgencyId(a.id), a.name]));
  const nullableString = { type: ['string', 'null'] } as const;
  return async (app) => {
    app.get<{ Querystring: { limit?: number } }>(
      '/v1/me/access-log',
      {
        schema: {
          tags: ['access-log'],
          summary:
            'Every delivery of your data: recipient, event, contract, fields, legal basis, consent, purpose, time, trace id',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
          },
          response: {
            200: {
              type: 'object',
              required: ['records'],
              properties: {
                records: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      accessId: { type: 'string' },
                      eventId: { type: 'string' },
                      recipient: {
                        type: 'object',
                        properties: { id: { type: 'string' }, name: nullableString },
                      },
                      contract: { type: 'string' },
                      fields: { type: 'array', items: { type: 'string' } },
                      legalBasis: {
                        type: 'string',
                        enum: ['consent', 'legal-obligation', 'public-task', 'unknown'],
                      },
                      consentId: nullableString,
                      purpose: { type: 'string' },
                      recordedAt: { type: 'string', format: 'date-time' },
                      traceId: nullableString,
                    },
                  },
                },
              },
            },
          },
        },
      },
      async (request) => ({
        records: accessLog.list(request.citizen.pivot, request.query.limit ?? 100).map((r) => ({
          ...r,
          recipient: { id: r.recipient, name: names.get(r.recipient) ?? null },
        })),
      }),
    );

    app.get<{ Params: { accessId: string } }>(
      '/v1/me/access-log/:accessId/proof',
      {
        schema: {
          tags: ['access-log'],
          summary:
            "One of your records and its proofs: its content as hashed, its hashes, the previous record's hash, the next record's link and the partition's head (others' content never); and `inclusion`: its RFC 6962 audit path to a checkpoint Relais signed (verify with GET /v1/access-log/jwks; null until the next checkpoint). Not yours: 404",
          params: {
            type: 'object',
            required: ['accessId'],
            properties: { accessId: { type: 'string', minLength: 1, maxLength: 100 } },
          },
          returns: { 200: { type: 'object', required: ['entry'] } },
        },
      },
      async (request) => {
        const proof = accessLog.proof(request.citizen.pivot, request.params.accessId);
        if (!proof) throw errors.accessRecordNotFound(request.params.accessId);
        return {
          ...proof,
          entry: {
            ...proof.entry,
            recipient: {
              id: proof.entry.recipient,
              name: names.get(proof.entry.recipient) ?? null,
            },
          },
        };
      },
    );
  };
}
