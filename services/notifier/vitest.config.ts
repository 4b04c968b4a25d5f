import { relaisVitestConfig } from '../../vitest.shared.ts';

// Composition and channels need no broker; the end-to-end test is packages/harness' (fact to notice).
export default relaisVitestConfig('notifier');
