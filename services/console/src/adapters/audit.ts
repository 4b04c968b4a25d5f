// The access log's chains, verified in the background (auditAccessLog, as `npm run audit:verify`
// does) every `everyMs`, never on a page view: readers get the last verification, or wait for the
// first one.
import type { Kafka } from 'kafkajs';
import { auditAccessLog } from '@relais/router/audit';
import type { AvroSerde, Clock, Logger } from '@relais/kit';
import type { AuditView } from '../domain/views.ts';

export interface AuditCache {
  start(): void;
  /** The latest verification (the first one is awaited). */
  view(): Promise<AuditView>;
  /** Verifies again now. */
  refresh(): Promise<AuditView>;
  /** The latest completed verification, if any (metrics read it at scrape time). */
  last(): AuditView | undefined;
  stop(): void;
}

export function auditCache(o: {
  kafka: Kafka;
  serde: AvroSerde;
  topic: string;
  clock: Clock;
  logger: Logger;
  everyMs: number;
}): AuditCache {
  let latest: Promise<AuditView> | undefined;
  let done: AuditView | undefined;
  let timer: NodeJS.Timeout | undefined;
  async function verify(): Promise<AuditView> {
    const at = o.clock.now();
    const report = await auditAccessLog(o.kafka, o.serde, o.topic);
    const partitions = report.partitions.map((p) => {
      const problems = report.problems
        .filter((x) => x.at.startsWith(`${report.topic}/${p.partition}@`))
        .map((x) => ({ kind: x.kind, message: x.message }));
      return {
        topic: report.topic,
        partition: p.partition,
        records: p.records,
        head: p.head,
        ok: problems.length === 0,
        problems,
      };
    });
    return { at, partitions };
  }
  const refresh = (): Promise<AuditView> => {
    const next = verify();
    // A failed verification keeps the last good one for readers, and is logged.
    next.then(
      (view) => {
        latest = next;
        done = view;
      },
      (err: unknown) => {
        if (latest === next) latest = undefined;
        o.logger.warn({ error: err instanceof Error ? err.message : String(err) }, 'audit failed');
      },
    );
    latest ??= next;
    return next;
  };
  return {
    start() {
      void refresh().catch(() => undefined);
      timer = setInterval(() => void refresh().catch(() => undefined), o.everyMs);
      timer.unref();
    },
    view: () => latest ?? refresh(),
    refresh,
    last: () => done,
    stop: () => clearInterval(timer),
  };
}
