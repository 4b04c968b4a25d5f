// JSON schemas shared by the routes: they validate, serialise and document (OpenAPI) at once.
// The type import brings @fastify/swagger's schema fields (tags, summary) into FastifySchema.
import type {} from '@fastify/swagger';
import { dataCategories } from '@relais/contracts';
import { citizenChannels } from '../domain/consents.ts';

export const consentSchema = {
  type: 'object',
  required: [
    'id',
    'purpose',
    'recipient',
    'categories',
    'grantedAt',
    'expiresAt',
    'revokedAt',
    'channel',
    'status',
  ],
  properties: {
    id: { type: 'string' },
    purpose: { type: 'string', description: 'Why the data may move (finalité)' },
    recipient: { type: 'string', description: 'An agency id, or sector:<sector>' },
    categories: { type: 'array', items: { type: 'string', enum: [...dataCategories] } },
    grantedAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
    channel: { type: 'string' },
    status: { type: 'string', enum: ['active', 'revoked', 'expired'] },
  },
} as const;

export const grantBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['purpose', 'recipient', 'categories'],
  properties: {
    purpose: {
      type: 'string',
      pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
      maxLength: 100,
      description: 'kebab-case purpose a subscription asks consent for, e.g. address-update',
    },
    recipient: {
      type: 'string',
      pattern: '^(sector:)?[a-z0-9]+(-[a-z0-9]+)*$',
      maxLength: 100,
      description: 'agency id of the catalog (caf) or sector:<sector> (sector:health)',
    },
    categories: {
      type: 'array',
      minItems: 1,
      maxItems: dataCategories.length,
      uniqueItems: true,
      items: { type: 'string', enum: [...dataCategories] },
    },
    expiresAt: {
      type: 'string',
      format: 'date-time',
      description: 'RFC 3339, in the future; none: until revoked',
    },
    channel: { type: 'string', enum: [...citizenChannels], default: 'PORTAL' },
  },
} as const;
