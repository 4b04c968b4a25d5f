// Spans are a convenience, never a dependency: an exporter whose backend is down or silent must
// not slow a service, hold its shutdown, or fill its logs. This wraps one so that
//   - an export that has not answered within `timeoutMs` counts as failed (the Zipkin exporter
//     sets no timeout of its own), and shutdown/flush wait at most that long;
//   - after a failure, spans are dropped without trying for `pauseMs` (no request per batch to a
//     closed port);
//   - one warning says where spans are not going and why, one more when they go again.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { Logger } from '../logging.ts';

export interface ExportGuardOptions {
  /** Named in the warnings: "zipkin", "otlp". */
  exporter: string;
  /** Where spans go, named in the warnings (an endpoint URL, never a secret). */
  url: string;
  logger: Logger;
  timeoutMs?: number;
  pauseMs?: number;
  now?: () => number;
}

const failed = (error: Error): ExportResult => ({ code: ExportResultCode.FAILED, error });

function within<T>(promise: Promise<T> | undefined, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    void Promise.resolve(promise)
      .catch(() => undefined)
      .then(() => {
        clearTimeout(timer);
        resolve();
      });
  });
}

export class GuardedSpanExporter implements SpanExporter {
  private readonly timeoutMs: number;
  private readonly pauseMs: number;
  private readonly now: () => number;
  private pausedUntil = 0;
  private failing = false;
  /** Spans dropped since the backend stopped answering (said when it answers again). */
  private dropped = 0;

  private readonly inner: SpanExporter;
  private readonly options: ExportGuardOptions;

  constructor(inner: SpanExporter, options: ExportGuardOptions) {
    this.inner = inner;
    this.options = options;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.pauseMs = options.pauseMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    if (this.now() < this.pausedUntil) {
      this.dropped += spans.length;
      done(failed(new Error(`${this.options.exporter} exporter paused after a failure`)));
      return;
    }
    let settled = false;
    const finish = (result: ExportResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (result.code === ExportResultCode.SUCCESS) this.recovered();
      else this.failed(result.error, spans.length);
      done(result);
    };
    const timer = setTimeout(
      () => finish(failed(new Error(`no answer within ${this.timeoutMs} ms`))),
      this.timeoutMs,
    );
    timer.unref();
    try {
      this.inner.export(spans, finish);
    } catch (err) {
      finish(failed(err instanceof Error ? err : new Error(String(err))));
    }
  }

  private failed(error: Error | undefined, spans: number): void {
    this.pausedUntil = this.now() + this.pauseMs;
    this.dropped += spans;
    if (this.failing) return;
    this.failing = true;
    const cause = error?.cause instanceof Error ? `: ${error.cause.message}` : '';
    this.options.logger.warn(
      {
        exporter: this.options.exporter,
        endpoint: this.options.url,
        error: `${error?.message ?? 'export failed'}${cause}`,
        retryEveryMs: this.pauseMs,
      },
      'traces are not exported: dropping spans until the endpoint answers',
    );
  }

  private recovered(): void {
    if (!this.failing) return;
    this.options.logger.warn(
      { exporter: this.options.exporter, endpoint: this.options.url, dropped: this.dropped },
      'traces are exported again',
    );
    this.failing = false;
    this.dropped = 0;
  }

  shutdown(): Promise<void> {
    return within(this.inner.shutdown(), this.timeoutMs);
  }

  forceFlush(): Promise<void> {
    return within(this.inner.forceFlush?.(), this.timeoutMs);
  }
}
