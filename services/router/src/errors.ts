// The router's table of error codes. It answers no error over HTTP (its one route, GET /metrics,
// cannot fail), so its codes are those of the records it cannot read: each goes to
// relais.dlq.router with its reason, the error and the record's coordinates, and the partition
// moves on (guarantee 5). A denial is no error: it is a counted routing outcome (domain/route.ts).
import { PoisonRecordError } from '@relais/kit';

export const poison = {
  noKey: () => new PoisonRecordError('event.no-key', 'key: expected the citizen pivot'),
  unknownContract: (type: string) =>
    new PoisonRecordError('event.unknown-contract', `ce_type: ${type} is not in the catalog`),
} as const satisfies Record<string, (...args: never[]) => PoisonRecordError>;
