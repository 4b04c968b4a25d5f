// Error codes with small factories, and the one place they map to HTTP statuses.

/** What the caller got wrong, in terms of a field and what was expected there. */
export interface FieldProblem {
  /** JSON-pointer-like path: `/body/address/postcode`, `/query/limit`, `ce_type`. */
  field: string;
  expected: string;
}

export const errorCodes = {
  validation: 400,
  badRequest: 400,
  unauthenticated: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  unprocessable: 422,
  rateLimited: 429,
  unavailable: 503,
  internal: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly problems: FieldProblem[];
  /** The service's own code for this error (`consent.not-found`), from its table of errors. */
  readonly reason: string | undefined;
  constructor(
    code: ErrorCode,
    message: string,
    problems: FieldProblem[] = [],
    options?: { cause?: unknown; reason?: string },
  ) {
    super(message, options);
    this.code = code;
    this.problems = problems;
    this.reason = options?.reason;
  }

  get status(): number {
    return errorCodes[this.code];
  }
}

export const validationError = (problems: FieldProblem[], message?: string): AppError =>
  new AppError(
    'validation',
    message ?? problems.map((p) => `${p.field}: expected ${p.expected}`).join('; '),
    problems,
  );
export const notFound = (what: string): AppError => new AppError('notFound', `${what} not found`);
export const forbidden = (why: string): AppError => new AppError('forbidden', why);
export const unauthenticated = (why: string): AppError => new AppError('unauthenticated', why);
export const conflict = (why: string): AppError => new AppError('conflict', why);
export const unavailable = (why: string): AppError => new AppError('unavailable', why);

/** One entry of a service's table of errors: the kind (which fixes the HTTP status) and the words. */
export interface ErrorEntry<A extends unknown[]> {
  kind: ErrorCode;
  message: (...args: A) => string;
  /** Field problems, for errors about what the caller sent. */
  problems?: (...args: A) => FieldProblem[];
}

type Factories<T> = {
  [K in keyof T]: T[K] extends ErrorEntry<infer A> ? (...args: A) => AppError : never;
};

/**
 * A service's table of error codes, turned into small factories: `errors.consentNotFound(id)`.
 * Each error carries `<service>.<code>` as its reason; its HTTP status comes from `errorCodes`,
 * the one place kinds map to statuses. Domain code returns its own error values; the edge turns
 * them into these.
 */
export function defineErrors<const T extends Record<string, ErrorEntry<never[]>>>(
  service: string,
  table: T,
): Factories<T> {
  const out: Record<string, (...args: unknown[]) => AppError> = {};
  for (const [code, entry] of Object.entries(table)) {
    const e = entry as unknown as ErrorEntry<unknown[]>;
    const reason = `${service}.${code.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    out[code] = (...args) =>
      new AppError(e.kind, e.message(...args), e.problems?.(...args) ?? [], { reason });
  }
  return out as Factories<T>;
}
