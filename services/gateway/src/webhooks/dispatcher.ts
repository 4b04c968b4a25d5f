// Delivers queued webhooks: one loop per agency, so a slow or dead endpoint only ever delays its
// own agency. Each loop keeps up to `concurrencyPerAgency` POSTs in flight; every outcome is
// written to SQLite at once (the only per-delivery state in memory is what is in flight).
import type { DatabaseSync } from 'node:sqlite';
import type { AgencyId, EventId } from '@relais/contracts';
import type { Clock, Logger } from '@relais/kit';
import {
  afterAttempt,
  DEFAULT_SCHEDULE,
  statusError,
  webhookUrlProblem,
} from '../domain/webhooks.ts';
import { signatureHeader } from './signature.ts';
import {
  WebhookStore,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookStoreOptions,
} from './store.ts';
import { fetchPost, nodePost, type Post } from './transport.ts';

export { DEFAULT_SCHEDULE, retryDelay } from '../domain/webhooks.ts';

export interface WebhookDispatcherOptions {
  db: DatabaseSync;
  /** Replication across instances (webhooks/deliveries-log.ts): changes out, owned partitions. */
  replication?: Pick<WebhookStoreOptions, 'changed' | 'owned'>;
  clock: Clock;
  logger: Logger;
  /** Milliseconds to wait before retry n (1-based: schedule[n - 1]); its length is the retries. */
  schedule?: readonly number[];
  timeoutMs?: number;
  concurrencyPerAgency?: number;
  /** Replaces the built-in node:https transport (then `tlsCa` does not apply). */
  fetchImpl?: typeof fetch;
  /** PEM certificate(s) to trust besides the system CAs: private CAs, tests. */
  tlsCa?: string;
  /** How often due deliveries are looked for without a notify(); default 5 s. */
  pollIntervalMs?: number;
  random?: () => number;
  /** Allows http:// to 127.0.0.1/localhost endpoints; never in production. */
  allowInsecureLocalhost?: boolean;
}

/** Per agency: webhook attempts, those acknowledged, failed, and given up (dead-lettered). */
export type WebhookStats = Record<
  string,
  { attempts: number; delivered: number; failures: number; deadLettered: number }
>;

interface AgencyLoop {
  agency: AgencyId;
  inFlight: Map<string, Promise<void>>;
  /** Set when something happened while the loop was busy: look again before sleeping. */
  woken: boolean;
  wake: (() => void) | undefined;
  done: Promise<void>;
}

export class WebhookDispatcher {
  readonly store: WebhookStore;
  /** Since start, read by the gateway's metrics at scrape time. */
  readonly stats: WebhookStats = {};
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly schedule: readonly number[];
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private readonly random: () => number;
  private readonly allowInsecureLocalhost: boolean;
  private readonly post: Post;
  private readonly closeTransport: () => void;
  private readonly loops = new Map<AgencyId, AgencyLoop>();
  private running = false;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(options: WebhookDispatcherOptions) {
    this.clock = options.clock;
    this.store = new WebhookStore(options.db, { clock: options.clock, ...options.replication });
    this.log = options.logger.child({ component: 'webhooks' });
    this.schedule = options.schedule ?? DEFAULT_SCHEDULE;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.concurrency = Math.max(1, options.concurrencyPerAgency ?? 4);
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.random = options.random ?? Math.random;
    this.allowInsecureLocalhost = options.allowInsecureLocalhost ?? false;
    const transport = options.fetchImpl ? fetchPost(options.fetchImpl) : nodePost(options.tlsCa);
    this.post = transport.post;
    this.closeTransport = transport.close;
  }

  /** Undefined when `url` may be registered, else what was expected. */
  urlProblem(url: string): string | undefined {
    return webhookUrlProblem(url, this.allowInsecureLocalhost);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.sweep();
    this.sweeper = setInterval(() => this.sweep(), this.pollIntervalMs);
    this.sweeper.unref();
  }

  /** Stops taking deliveries and waits for those in flight (each bounded by `timeoutMs`). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    const loops = [...this.loops.values()];
    for (const loop of loops) this.poke(loop);
    await Promise.all(loops.map((l) => l.done));
    this.closeTransport();
  }

  /** Queues and wakes the agency's loop; see WebhookStore.enqueue. */
  enqueue(
    agency: AgencyId,
    eventId: EventId,
    body: string,
    partition: number | null = null,
  ): { id: string; created: boolean } | undefined {
    const queued = this.store.enqueue(agency, eventId, body, partition);
    if (queued?.created) this.notify(agency);
    return queued;
  }

  /** Something changed for this agency (enqueued, redelivered, endpoint set): look now. */
  notify(agency: AgencyId): void {
    if (!this.running) return;
    const existing = this.loops.get(agency);
    if (existing) {
      this.poke(existing);
      return;
    }
    const loop: AgencyLoop = {
      agency,
      inFlight: new Map(),
      woken: false,
      wake: undefined,
      done: Promise.resolve(),
    };
    this.loops.set(agency, loop);
    loop.done = this.run(loop);
  }

  private poke(loop: AgencyLoop): void {
    loop.woken = true;
    loop.wake?.();
  }

  private sweep(): void {
    try {
      for (const agency of this.store.agenciesDue(this.clock.now().getTime())) this.notify(agency);
    } catch (err) {
      this.log.error({ err }, 'webhook sweep failed');
    }
  }

  private async run(loop: AgencyLoop): Promise<void> {
    while (this.running) {
      loop.woken = false;
      let next: number | undefined;
      try {
        next = this.fill(loop);
      } catch (err) {
        this.log.error({ err, agency: loop.agency }, 'webhook loop failed');
        await this.sleep(loop, this.pollIntervalMs);
        continue;
      }
      if (loop.inFlight.size === 0 && next === undefined) {
        // Synchronous with the check: a notify() after this starts a fresh loop.
        this.loops.delete(loop.agency);
        return;
      }
      if (loop.woken) continue;
      const room = loop.inFlight.size < this.concurrency;
      const wait =
        room && next !== undefined
          ? Math.min(Math.max(0, next - this.clock.now().getTime()), this.pollIntervalMs)
          : this.pollIntervalMs;
      await this.sleep(loop, wait);
    }
    await Promise.allSettled(loop.inFlight.values());
    if (this.loops.get(loop.agency) === loop) this.loops.delete(loop.agency);
  }

  /** Starts what is due; answers when the next not-in-flight pending delivery is due, if any. */
  private fill(loop: AgencyLoop): number | undefined {
    const endpoint = this.store.getEndpoint(loop.agency);
    if (!endpoint) return undefined;
    const now = this.clock.now().getTime();
    const room = this.concurrency - loop.inFlight.size;
    if (room > 0) {
      const due = this.store.due(loop.agency, now, room + loop.inFlight.size);
      for (const d of due.filter((x) => !loop.inFlight.has(x.id)).slice(0, room)) {
        const attempt = this.attempt(endpoint, d).finally(() => {
          loop.inFlight.delete(d.id);
          this.poke(loop);
        });
        loop.inFlight.set(d.id, attempt);
      }
    }
    const upcoming = this.store.due(loop.agency, Number.MAX_SAFE_INTEGER, loop.inFlight.size + 1);
    return upcoming.find((d) => !loop.inFlight.has(d.id))?.nextAttemptAt;
  }

  private async attempt(endpoint: WebhookEndpoint, d: WebhookDelivery): Promise<void> {
    const attempt = d.attempts + 1;
    const t = Math.floor(this.clock.now().getTime() / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'relais-webhooks/1',
      'relais-event-id': d.eventId,
      'relais-delivery-id': d.id,
      'relais-attempt': String(attempt),
      'relais-signature': signatureHeader(endpoint.secret, t, d.body),
    };
    let status: number | null = null;
    let error: string | undefined;
    if (this.urlProblem(endpoint.url)) {
      error = 'endpoint URL not allowed';
    } else {
      try {
        const signal = AbortSignal.timeout(this.timeoutMs);
        status = await this.post(new URL(endpoint.url), headers, d.body, signal);
        error = statusError(status);
      } catch (err) {
        error = this.describe(err);
      }
    }
    const ctx = { agency: d.agency, deliveryId: d.id, eventId: d.eventId, attempt, status };
    const outcome = afterAttempt(attempt, error, this.schedule, this.random);
    const counts = (this.stats[d.agency] ??= {
      attempts: 0,
      delivered: 0,
      failures: 0,
      deadLettered: 0,
    });
    counts.attempts += 1;
    if (outcome.kind === 'delivered') counts.delivered += 1;
    else counts.failures += 1;
    if (outcome.kind === 'failed') counts.deadLettered += 1;
    try {
      switch (outcome.kind) {
        case 'delivered':
          this.store.markDelivered(d.id, status ?? 200);
          this.log.debug(ctx, 'webhook delivered');
          break;
        case 'failed':
          this.store.markFailed(d.id, outcome.error, status);
          this.log.warn({ ...ctx, error: outcome.error }, 'webhook failed; dead-lettered');
          break;
        case 'retry':
          this.store.markRetry(
            d.id,
            this.clock.now().getTime() + outcome.delayMs,
            outcome.error,
            status,
          );
          this.log.info(
            { ...ctx, error: outcome.error, delayMs: outcome.delayMs },
            'webhook attempt failed; will retry',
          );
          break;
      }
    } catch (err) {
      this.log.error({ err, ...ctx }, 'webhook outcome not recorded');
    }
  }

  private describe(err: unknown): string {
    if (err instanceof Error) {
      if (err.name === 'TimeoutError' || err.name === 'AbortError') {
        return `timeout after ${this.timeoutMs} ms`;
      }
      const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
      return `${err.message}${cause}`.slice(0, 500);
    }
    return String(err).slice(0, 500);
  }

  private sleep(loop: AgencyLoop, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        loop.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      loop.wake = done;
    });
  }
}
