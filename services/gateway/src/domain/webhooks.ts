// Webhook rules: which endpoint URLs an agency may register, and what follows an attempt.

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Undefined when `raw` may be registered, else what was expected (for a 400 naming
 * `/body/url`). https only, so the signed payload and the secret's HMAC never cross the network
 * in clear. Plain http is allowed to the loopback alone, and only when the gateway runs with
 * `allowInsecureLocalhost` (development, tests).
 */
export function webhookUrlProblem(
  raw: string,
  allowInsecureLocalhost: boolean,
): string | undefined {
  const expected = allowInsecureLocalhost
    ? 'an https:// URL (or http:// to 127.0.0.1 or localhost)'
    : 'an https:// URL';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return expected;
  }
  if (url.username || url.password) return `${expected} without credentials`;
  if (url.hash) return `${expected} without a #fragment`;
  if (url.protocol === 'https:' && url.hostname) return undefined;
  if (url.protocol === 'http:' && allowInsecureLocalhost && loopbackHosts.has(url.hostname)) {
    return undefined;
  }
  return expected;
}

/** Delays between attempts: 7 retries over about 20 hours, then `failed`. */
export const DEFAULT_SCHEDULE: readonly number[] = [
  10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000,
];

/** Full jitter on the scheduled delay: somewhere between half of it and all of it. */
export function retryDelay(scheduledMs: number, random: () => number): number {
  return Math.round(scheduledMs / 2 + (random() * scheduledMs) / 2);
}

export type AttemptOutcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; delayMs: number; error: string }
  /** The last scheduled attempt failed: the delivery is dead-lettered. */
  | { kind: 'failed'; error: string };

/**
 * After attempt number `attempt` (1-based) ended with `error` (undefined: a 2xx), given the
 * retry schedule (its length is the number of retries).
 */
export function afterAttempt(
  attempt: number,
  error: string | undefined,
  schedule: readonly number[],
  random: () => number,
): AttemptOutcome {
  if (error === undefined) return { kind: 'delivered' };
  if (attempt > schedule.length) return { kind: 'failed', error };
  return { kind: 'retry', delayMs: retryDelay(schedule[attempt - 1] ?? 0, random), error };
}

/** What an answer status means for a delivery: undefined for a 2xx, else the error to record. */
export function statusError(status: number): string | undefined {
  if (status >= 200 && status < 300) return undefined;
  return status < 400 && status >= 300
    ? `HTTP ${status} (redirects are not followed)`
    : `HTTP ${status}`;
}
