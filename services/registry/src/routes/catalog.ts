// The catalog, as JSON for tools, AsyncAPI for code generators and HTML for the developers of
// the agencies. Registration state is asked per request: the registry's subjects move.
import type { Catalog, Contract } from '@relais/contracts';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { buildAsyncApi, eventsTopic } from '../domain/asyncapi.ts';
import { confluentBody, registryErrors } from '../errors.ts';
import { renderContractPage, renderContractsIndex, renderNotFoundPage } from './contract-pages.ts';

export interface CatalogDeps {
  catalog: Catalog;
  /** Latest registered id/version of a contract's subject (subject = full name), if registered. */
  registered(fullName: string): { id: number; version: number } | undefined;
  registryUrl: string;
  kafkaBootstrap?: string;
  replayWindowDays?: number;
}

const str = { type: 'string' } as const;

const subscriptionSchema = {
  type: 'object',
  required: ['id', 'agency', 'contract', 'purpose', 'legalBasis', 'gdpr', 'law', 'fields', 'doc'],
  properties: {
    id: str,
    agency: str,
    contract: str,
    purpose: str,
    legalBasis: { type: 'string', enum: ['consent', 'legal-obligation', 'public-task'] },
    gdpr: str,
    law: { type: ['string', 'null'] },
    lawNote: str,
    fields: { type: 'array', items: str },
    doc: str,
  },
} as const;

const agencySchema = {
  type: 'object',
  required: ['id', 'name', 'sector', 'urn'],
  properties: { id: str, name: str, sector: str, urn: str },
} as const;

const contractSchema = {
  type: 'object',
  required: [
    'fullName',
    'name',
    'domain',
    'owner',
    'doc',
    'compatibility',
    'subject',
    'topic',
    'registered',
    'fields',
    'subscriptions',
  ],
  properties: {
    fullName: str,
    name: str,
    domain: str,
    owner: str,
    publishers: {
      type: 'array',
      items: str,
      description: 'Agencies that may publish it: the owner, then any other.',
    },
    doc: str,
    compatibility: str,
    subject: {
      type: 'string',
      description: 'Registry subject: the contract full name (RecordNameStrategy).',
    },
    topic: { type: 'string', description: 'The domain events topic, relais.events.<domain>.' },
    registered: {
      anyOf: [
        {
          type: 'object',
          required: ['id', 'version'],
          properties: { id: { type: 'integer' }, version: { type: 'integer' } },
        },
        { type: 'null' },
      ],
    },
    fields: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'doc', 'category', 'sensitivity', 'topLevel'],
        properties: {
          path: str,
          doc: str,
          category: str,
          sensitivity: str,
          topLevel: { type: 'boolean' },
        },
      },
    },
    subscriptions: { type: 'array', items: subscriptionSchema },
  },
} as const;

const confluentError = {
  type: 'object',
  required: ['error_code', 'message'],
  properties: { error_code: { type: 'integer' }, message: str },
} as const;

const anyDocument = {
  type: 'object',
  additionalProperties: true,
  description: 'An AsyncAPI 3.0.0 document.',
} as const;

const html = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' } } },
});

function sendHtml(reply: FastifyReply, status: number, body: string): FastifyReply {
  return (
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      // The pages need no script and no remote resource: say so, so an injected one cannot run.
      .header(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
      )
      .send(body)
  );
}

export function catalogRoutes(deps: CatalogDeps): FastifyPluginAsync {
  const { catalog } = deps;
  const registryUrl = deps.registryUrl.replace(/\/+$/, '');
  const asyncApiOptions = (agency?: string) => ({
    registryUrl,
    ...(deps.kafkaBootstrap !== undefined ? { kafkaBootstrap: deps.kafkaBootstrap } : {}),
    ...(agency !== undefined ? { agency } : {}),
    retention: { replayWindowDays: deps.replayWindowDays },
  });
  const byName = new Map<string, Contract>(catalog.contracts.map((c) => [c.fullName, c]));

  return async (app) => {
    app.get(
      '/catalog',
      {
        schema: {
          tags: ['catalog'],
          summary:
            'Every contract with its fields, registration and subscriptions; agencies; subscriptions.',
          response: {
            200: {
              type: 'object',
              required: ['contracts', 'agencies', 'subscriptions'],
              properties: {
                contracts: { type: 'array', items: contractSchema },
                agencies: { type: 'array', items: agencySchema },
                subscriptions: { type: 'array', items: subscriptionSchema },
              },
            },
          },
        },
      },
      async () => ({
        contracts: catalog.contracts.map((c) => ({
          fullName: c.fullName,
          name: c.name,
          domain: c.domain,
          owner: c.owner,
          publishers: c.publishers,
          doc: c.doc,
          compatibility: c.compatibility,
          subject: c.fullName,
          topic: eventsTopic(c.domain),
          registered: deps.registered(c.fullName) ?? null,
          fields: c.fields.map((f) => ({
            path: f.path,
            doc: f.doc,
            category: f.category,
            sensitivity: f.sensitivity,
            topLevel: f.topLevel,
          })),
          subscriptions: catalog.subscriptions.filter((s) => s.contract === c.fullName),
        })),
        agencies: catalog.agencies,
        subscriptions: catalog.subscriptions,
      }),
    );

    app.get(
      '/asyncapi.json',
      {
        schema: {
          tags: ['catalog'],
          summary: 'AsyncAPI 3.0.0 of the whole backbone: events, ingress and deliveries topics.',
          response: { 200: anyDocument },
        },
      },
      async () => buildAsyncApi(catalog, asyncApiOptions()),
    );

    app.get<{ Params: { agency: string } }>(
      '/asyncapi/:agency.json',
      {
        schema: {
          tags: ['catalog'],
          summary:
            'AsyncAPI 3.0.0 of one agency: what it sends (ingress) and receives (deliveries).',
          params: { type: 'object', required: ['agency'], properties: { agency: str } },
          response: { 200: anyDocument, 404: confluentError },
        },
      },
      async (request, reply) => {
        const { agency } = request.params;
        if (!catalog.agencies.some((a) => a.id === agency)) {
          const missing = registryErrors.agencyNotDeclared(agency);
          return reply.status(missing.status).send(confluentBody(missing));
        }
        return buildAsyncApi(catalog, asyncApiOptions(agency));
      },
    );

    app.get(
      '/contracts',
      {
        schema: {
          tags: ['catalog'],
          summary: 'HTML index of the contracts, by domain.',
          produces: ['text/html'],
          response: { 200: html('The contract index.') },
        },
      },
      async (_request, reply) => sendHtml(reply, 200, renderContractsIndex(catalog)),
    );

    app.get<{ Params: { name: string } }>(
      '/contracts/:name',
      {
        schema: {
          tags: ['catalog'],
          summary: 'HTML page of one contract: fields, subscriptions and how to integrate it.',
          produces: ['text/html'],
          params: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string', description: 'The contract full name.' } },
          },
          response: { 200: html('The contract page.'), 404: html('No such contract.') },
        },
      },
      async (request, reply) => {
        const { name } = request.params;
        const contract = byName.get(name);
        if (!contract) return sendHtml(reply, 404, renderNotFoundPage(name));
        return sendHtml(
          reply,
          200,
          renderContractPage({ contract, catalog, registered: deps.registered(name), registryUrl }),
        );
      },
    );
  };
}
