// One Prometheus registry per service app (prom-client), never prom-client's global one: `npm start`
// runs every service in one process and tests start several, and each must expose only its own
// counters. The process's runtime metrics (CPU, memory, event loop, GC) are collected once per
// process and added to every scrape.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { relaisMetrics, type MetricDefinition } from './catalog.ts';

/** Prometheus text exposition format 0.0.4. */
export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

export interface MetricsAccess {
  /**
   * The bearer token allowed to read GET /metrics/prometheus on the service's port (the scraper's,
   * `metrics.token`); without one that route answers 401 (deny by default).
   */
  scrapeToken?: string | undefined;
}

/** A label set, by the definition's label names. */
export type Labels<L extends string> = Record<L, string>;
/** What a read-at-scrape metric reads: one value, or values by label set. */
export type Reading<L extends string> = [L] extends [never]
  ? number
  : Iterable<readonly [Labels<L>, number]>;

let processRegistry: Registry | undefined;

/** The process-wide runtime metrics, registered on first use only. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

const rowsOf = <L extends string>(reading: Reading<L>): Iterable<readonly [object, number]> =>
  typeof reading === 'number'
    ? [[{}, reading]]
    : (reading as Iterable<readonly [Labels<L>, number]>);

export class ServiceMetrics {
  readonly service: string;
  readonly access: MetricsAccess;
  readonly registry = new Registry();
  private readonly consumers: Array<{ group: string; stats: ConsumerStats }> = [];

  constructor(service: string, access: MetricsAccess = {}) {
    this.service = service;
    this.access = access;
    processMetrics();
  }

  /** The text exposition: the process's runtime metrics, then the service's own. */
  async scrape(): Promise<string> {
    return (await processMetrics().metrics()) + (await this.registry.metrics());
  }

  /** A counter the service increments. */
  counter<L extends string>(def: MetricDefinition<L>): Counter<L> {
    return new Counter<L>({ ...this.base(def, 'counter'), registers: [this.registry] });
  }

  histogram<L extends string>(def: MetricDefinition<L>, buckets: number[]): Histogram<L> {
    return new Histogram<L>({
      ...this.base(def, 'histogram'),
      buckets,
      registers: [this.registry],
    });
  }

  /**
   * A counter whose values are read at scrape time from what the service already counts (its
   * stats objects): nothing is counted twice. `read` must return totals since start.
   */
  counterFrom<L extends string>(def: MetricDefinition<L>, read: () => Reading<L>): Counter<L> {
    return new Counter<L>({
      ...this.base(def, 'counter'),
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [labels, value] of rowsOf(read())) this.inc(labels, value);
      },
    });
  }

  /** A gauge read at scrape time. */
  gaugeFrom<L extends string>(def: MetricDefinition<L>, read: () => Reading<L>): Gauge<L> {
    return new Gauge<L>({
      ...this.base(def, 'gauge'),
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [labels, value] of rowsOf(read())) this.set(labels, value);
      },
    });
  }

  /** A consumer group of this service, read at scrape time (the kit's runner calls it). */
  watchConsumer(group: string, stats: ConsumerStats): void {
    if (this.consumers.length === 0) this.consumerMetrics();
    this.consumers.push({ group, stats });
  }

  private consumerMetrics(): void {
    const all = this.consumers;
    const consumerDefs = relaisMetrics.consumer;
    this.counterFrom(consumerDefs.processed, () =>
      all.flatMap(({ group, stats }) =>
        Object.entries(stats.handledByTopic).map(([topic, n]) => [{ group, topic }, n] as const),
      ),
    );
    this.counterFrom(consumerDefs.deadLetters, () =>
      all.flatMap(({ group, stats }) =>
        Object.entries(stats.deadLetteredByReason).map(
          ([reason, n]) => [{ group, reason }, n] as const,
        ),
      ),
    );
    this.counterFrom(consumerDefs.retries, () =>
      all.map(({ group, stats }) => [{ group }, stats.retried] as const),
    );
    this.gaugeFrom(consumerDefs.lag, () =>
      all.flatMap(({ group, stats }) =>
        Object.entries(stats.lag).flatMap(([topic, partitions]) =>
          Object.entries(partitions).map(
            ([partition, n]) => [{ group, topic, partition }, n] as const,
          ),
        ),
      ),
    );
  }

  private base<L extends string>(def: MetricDefinition<L>, type: MetricDefinition['type']) {
    if (def.type !== type) throw new Error(`metric ${def.name} is a ${def.type}, not a ${type}`);
    return { name: def.name, help: def.help, labelNames: def.labels };
  }
}

/** What the consumer runner counts (its `stats`), read by the consumer metrics. */
export interface ConsumerStats {
  handled: number;
  deadLettered: number;
  retried: number;
  /** Operators' replays meant for another consumer group: skipped, never handled. */
  skippedReplays: number;
  handledByTopic: Record<string, number>;
  deadLetteredByReason: Record<string, number>;
  /** Records behind the high watermark, by topic and partition, as of the latest batch. */
  lag: Record<string, Record<number, number>>;
}

export function createServiceMetrics(service: string, access: MetricsAccess = {}): ServiceMetrics {
  return new ServiceMetrics(service, access);
}
