// How the consumer runner and materialised topics retry a failing record.

export interface RetryPolicy {
  /** Total attempts for one record, the first included. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetry: RetryPolicy = { attempts: 5, initialDelayMs: 200, maxDelayMs: 10_000 };

/** Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"). */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Errors worth retrying in place. Kafka client errors are handled by failing the batch. */
export function isKafkaFailure(err: unknown): boolean {
  return err instanceof Error && err.name.startsWith('KafkaJS');
}
