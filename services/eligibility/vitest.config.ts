import { relaisVitestConfig } from '../../vitest.shared.ts';

// The rules are pure; the service on the broker is tested in packages/harness (facts to determinations).
export default relaisVitestConfig('eligibility');
