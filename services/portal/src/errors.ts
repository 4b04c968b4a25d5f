// The portal's table of error codes (kit defineErrors). The pages answer citizens in their own
// words (routes/web.ts); these name what went wrong for operators and for JSON callers.
import { defineErrors } from '@relais/kit';

export const errors = defineErrors('portal', {
  /** The consent service or the notifier did not answer. */
  upstreamUnavailable: {
    kind: 'unavailable',
    message: (service: string) => `${service} did not answer`,
  },
  /** The consent service or the notifier refused what the portal sent. */
  upstreamRefused: {
    kind: 'badRequest',
    message: (service: string) => `${service} refused the request`,
  },
  /** A page that does not exist, or an id that is not the citizen's. */
  pageNotFound: {
    kind: 'notFound',
    message: () => 'no such page',
  },
});
