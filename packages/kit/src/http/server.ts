// The only place that listens, and the one graceful shutdown: stop taking requests, finish
// those in flight, stop consumers (they commit), close producers, flush telemetry.
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logging.ts';

export type Closer = () => Promise<void>;

export interface ServeOptions {
  host: string;
  port: number;
  logger: Logger;
  /** Run in order after the HTTP server stopped: consumers first, then producers. */
  onShutdown?: Closer[];
  /** Hard deadline for the whole shutdown. */
  shutdownTimeoutMs?: number;
}

export async function serve(app: FastifyInstance, options: ServeOptions): Promise<string> {
  const address = await app.listen({ host: options.host, port: options.port });
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    options.logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      options.logger.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, options.shutdownTimeoutMs ?? 30_000);
    timer.unref();
    try {
      await app.close();
      for (const close of options.onShutdown ?? []) await close();
      process.exitCode = 0;
    } catch (err) {
      options.logger.error({ err }, 'error during shutdown');
      process.exitCode = 1;
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return address;
}

/** For workers without HTTP: the same signal handling around a set of closers. */
export function onTerminate(logger: Logger, closers: Closer[]): void {
  let closing = false;
  const run = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    try {
      for (const close of closers) await close();
      process.exitCode = 0;
    } catch (err) {
      logger.error({ err }, 'error during shutdown');
      process.exitCode = 1;
    }
  };
  process.once('SIGTERM', () => void run('SIGTERM'));
  process.once('SIGINT', () => void run('SIGINT'));
}
