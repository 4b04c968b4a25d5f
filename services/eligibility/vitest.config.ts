import { relaisVitestConfig } from '../../vitest.shared.ts';

// The rules are pure: their tests need no broker.
export default relaisVitestConfig('eligibility', { kafka: false });
