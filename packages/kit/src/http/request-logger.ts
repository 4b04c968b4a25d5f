// The request's logger (`request.log`), made when it first writes a line. fastify makes a child
// logger per request (bindings `{ reqId }`); with the kit's redaction (logging.ts: wildcard paths)
// each child costs a redaction pass over its bindings — a tenth of the CPU of a cached registry
// lookup in a profile (docs/benchmarks.md), for a request that most often logs nothing itself.
// A level that is off never makes the child.
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, LevelWithSilentOrString, Logger } from 'pino';

type LevelName = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

class LazyRequestLogger {
  private made: Logger | undefined;
  // The kit's loggers are pino's (createLogger): fastify types them as its base logger.
  private readonly parent: Logger;
  private readonly bindingsOf: Bindings;
  private readonly options: ChildLoggerOptions;

  constructor(parent: Logger, bindings: Bindings, options: ChildLoggerOptions) {
    this.parent = parent;
    this.bindingsOf = bindings;
    this.options = options;
  }

  private get logger(): Logger {
    this.made ??= this.parent.child(this.bindingsOf, this.options);
    return this.made;
  }

  private write(level: LevelName, args: unknown[]): void {
    // The child has the parent's level unless it was given its own.
    if (!this.made && !this.options.level && !this.parent.isLevelEnabled(level)) return;
    const logger = this.logger;
    (logger[level] as (...a: unknown[]) => void).apply(logger, args);
  }

  get level(): LevelWithSilentOrString {
    return this.made?.level ?? this.options.level ?? this.parent.level;
  }

  set level(level: LevelWithSilentOrString) {
    this.logger.level = level;
  }

  isLevelEnabled(level: string): boolean {
    return this.made || this.options.level
      ? this.logger.isLevelEnabled(level)
      : this.parent.isLevelEnabled(level);
  }

  bindings(): Bindings {
    return this.made ? this.made.bindings() : { ...this.parent.bindings(), ...this.bindingsOf };
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.logger.child(bindings, options);
  }

  // Methods on the prototype, not arrow fields: nothing is made per request but the object.
  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(): void {}
}

/** fastify's `childLoggerFactory`: the same child, made on its first line. */
export function lazyRequestLogger(
  parent: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  return new LazyRequestLogger(parent as Logger, bindings, options) as unknown as FastifyBaseLogger;
}
