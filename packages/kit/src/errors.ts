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
  constructor(
    code: ErrorCode,
    message: string,
    problems: FieldProblem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
    this.problems = problems;
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
