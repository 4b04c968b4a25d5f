// The console's table of errors: what its routes and adapters throw. The HTTP status comes from
// the kind (the kit's one mapping); each answer carries `console.<code>` as its `code`.
import { defineErrors, type FieldProblem } from '@relais/kit';

const sentence = (problems: FieldProblem[]): string =>
  problems.map((p) => `${p.field}: expected ${p.expected}`).join('; ');

export const consoleErrors = defineErrors('console', {
  operatorRequired: {
    kind: 'unauthenticated',
    message: () => 'an operator session is required: sign in with an operator account',
  },
  invalidRequest: {
    kind: 'validation',
    message: (problems: FieldProblem[]) => sentence(problems),
    problems: (problems: FieldProblem[]) => problems,
  },
  flowNotFound: {
    kind: 'notFound',
    message: (eventId: string) => `event ${eventId}: nothing known of it in the flow index`,
  },
  deadLetterNotFound: {
    kind: 'notFound',
    message: (field: string, id: string) => `${field}: no dead letter or reject ${id}`,
    problems: (field: string, _id: string) => [
      { field, expected: 'the id of a listed dead letter or reject' },
    ],
  },
  replayRefused: {
    kind: 'conflict',
    message: (field: string, id: string, status: string) =>
      `${field}: dead letter ${id} is ${status} already; send "again": true to replay it again`,
    problems: (field: string, _id: string, status: string) => [
      { field, expected: `an open dead letter (this one is ${status}), or "again": true` },
    ],
  },
  discardRefused: {
    kind: 'conflict',
    message: (field: string, id: string, status: string) =>
      `${field}: dead letter ${id} is ${status} already: only an open one is discarded`,
    problems: (field: string, _id: string, status: string) => [
      { field, expected: `an open dead letter (this one is ${status})` },
    ],
  },
  deadLetterNoOrigin: {
    kind: 'unprocessable',
    message: (field: string, id: string) =>
      `${field}: dead letter ${id} does not say which topic and consumer group it came from`,
    problems: (field: string, _id: string) => [
      { field, expected: 'a dead letter naming its origin and group' },
    ],
  },
  stateTopicNotReplayed: {
    kind: 'unprocessable',
    message: (field: string, id: string, topic: string) =>
      `${field}: dead letter ${id} came from ${topic}, a state topic: an old version replayed there would override newer state`,
    problems: (field: string, _id: string, _topic: string) => [
      { field, expected: 'a dead letter from an events, ingress or deliveries topic' },
    ],
  },
  deadLetterGone: {
    kind: 'unprocessable',
    message: (field: string, id: string) =>
      `${field}: dead letter ${id} is no longer on its topic (retention): it cannot be replayed`,
    problems: (field: string, _id: string) => [
      { field, expected: 'a dead letter still on its topic' },
    ],
  },
  webhookDeliveryNotFound: {
    kind: 'notFound',
    message: (field: string, id: string) => `${field}: no webhook delivery ${id}`,
    problems: (field: string, _id: string) => [{ field, expected: 'the id of a webhook delivery' }],
  },
  gatewayUnavailable: {
    kind: 'unavailable',
    message: (what: string) => `the gateway did not answer (${what})`,
  },
  journalUnavailable: {
    kind: 'unavailable',
    message: (what: string) => `the operators' journal could not be written (${what})`,
  },
});
