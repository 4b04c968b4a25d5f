// The opened-notice beacon of e-mails (take-up funnel): a 1×1 GIF whatever the request; the
// notice counts as opened only when the token is the one its e-mail carries.
import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '@relais/kit';
import type { FastifyInstance } from 'fastify';
import type { NotifierStore } from '../adapters/store.ts';
import { noticeOpened } from '../consumers/opened.ts';
import { noticeIdParam } from './citizen.ts';
import './swagger-types.ts';

export interface BeaconRoutesDeps {
  store: Pick<NotifierStore, 'markOpened'>;
  /** The token of a notice's beacon (an HMAC of its id). */
  beaconToken: (noticeId: string) => string;
  clock: Clock;
}

/** Compared in constant time: the answer is the same GIF either way, but not its timing. */
function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export async function beaconRoutes(app: FastifyInstance, deps: BeaconRoutesDeps): Promise<void> {
  app.get<{ Params: { id: string }; Querystring: { t?: string } }>(
    '/v1/notices/:id/opened.gif',
    { schema: { summary: 'Opened-notice beacon of e-mails (take-up funnel)', hide: true } },
    async (request, reply) => {
      const noticeId = noticeIdParam(request.params.id);
      if (noticeId && request.query.t && sameToken(request.query.t, deps.beaconToken(noticeId)))
        await noticeOpened({ event: { noticeId }, deps }).catch((err: unknown) =>
          request.log.warn({ err, notice: noticeId }, 'opening not recorded'),
        );
      return reply.header('cache-control', 'no-store').type('image/gif').send(GIF);
    },
  );
}
