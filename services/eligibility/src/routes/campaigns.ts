// Campaigns, for operators (operator token): start one for a date up to today, follow it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CampaignRunner } from '../consumers/campaign.ts';
import { campaignDate } from '../domain/campaign-date.ts';
import { errors } from '../errors.ts';
import './swagger-types.ts';

export interface CampaignRoutesDeps {
  campaigns: Pick<CampaignRunner, 'start' | 'get' | 'list'>;
  /** The operator-token hook (kit's operatorAuth). */
  operator: (request: FastifyRequest) => Promise<void>;
  /** Today in France (YYYY-MM-DD), from the service's clock. */
  today: () => string;
}

/** A campaign as the routes answer it (consumers/campaign.ts Campaign), for the document. */
export const campaignSchema = {
  type: 'object',
  required: ['id', 'on', 'reason', 'status', 'total', 'done', 'changed', 'startedAt'],
  properties: {
    id: { type: 'string' },
    on: { type: 'string', format: 'date' },
    reason: { type: 'string' },
    status: { type: 'string', enum: ['running', 'done', 'failed', 'stopped'] },
    total: { type: 'integer' },
    done: { type: 'integer' },
    changed: { type: 'integer' },
    startedAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time' },
    seconds: { type: 'number' },
    profilesPerSecond: { type: 'number' },
    error: { type: 'string' },
  },
};

export async function campaignRoutes(
  app: FastifyInstance,
  deps: CampaignRoutesDeps,
): Promise<void> {
  const { campaigns, operator } = deps;

  app.post<{ Body: { on?: unknown } | undefined }>(
    '/v1/campaigns',
    {
      onRequest: operator,
      schema: {
        summary: 'Re-evaluate every profile for a date (default today)',
        security: [{ operatorToken: [] }],
        // 409: a campaign is still running.
        errors: [409],
        returns: { 202: campaignSchema },
        body: {
          type: 'object',
          nullable: true,
          properties: { on: { type: 'string', description: 'YYYY-MM-DD, at most today' } },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const date = campaignDate(request.body?.on, deps.today());
      if (!date.ok)
        throw date.code === 'not-a-date'
          ? errors.campaignDateInvalid()
          : errors.campaignDateAhead(date.today);
      const started = campaigns.start(date.on, 'operator');
      if (!started.ok)
        throw errors.campaignRunning(
          started.running.id,
          started.running.done,
          started.running.total,
        );
      const { campaign } = started;
      return reply.status(202).header('location', `/v1/campaigns/${campaign.id}`).send(campaign);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/campaigns/:id',
    {
      onRequest: operator,
      schema: {
        summary: 'A campaign and its progress',
        security: [{ operatorToken: [] }],
        returns: { 200: campaignSchema },
      },
    },
    async (request) => {
      const c = campaigns.get(request.params.id);
      if (!c) throw errors.campaignNotFound(request.params.id);
      return c;
    },
  );

  app.get(
    '/v1/campaigns',
    {
      onRequest: operator,
      schema: {
        summary: 'Campaigns since start',
        security: [{ operatorToken: [] }],
        returns: {
          200: {
            type: 'object',
            required: ['campaigns'],
            properties: { campaigns: { type: 'array', items: campaignSchema } },
          },
        },
      },
    },
    async () => ({ campaigns: campaigns.list() }),
  );
}
