import { relaisVitestConfig } from '../../vitest.shared.ts';

// The rules are pure; the service tests run against the run's broker.
export default relaisVitestConfig('eligibility');
