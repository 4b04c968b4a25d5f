// The eligibility service's table of errors. The HTTP status comes from the kind (the kit's one
// mapping); each error carries `eligibility.<code>` as its code.
import { defineErrors } from '@relais/kit';

const onProblem = (expected: string) => [{ field: '/body/on', expected }];

export const errors = defineErrors('eligibility', {
  campaignNotFound: {
    kind: 'notFound',
    message: (id: string) => `campaign ${id} not found`,
  },
  campaignRunning: {
    kind: 'conflict',
    message: (id: string, done: number, total: number) =>
      `campaign ${id} is running (${done}/${total})`,
  },
  campaignDateInvalid: {
    kind: 'validation',
    message: () => '/body/on: expected a date YYYY-MM-DD',
    problems: () => onProblem('a date YYYY-MM-DD'),
  },
  campaignDateAhead: {
    kind: 'validation',
    message: (today: string) =>
      `/body/on: expected a date up to today (${today}): rights are judged on the parameters in force`,
    problems: (today: string) =>
      onProblem(`a date up to today (${today}): rights are judged on the parameters in force`),
  },
});
