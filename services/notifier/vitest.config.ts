import { relaisVitestConfig } from '../../vitest.shared.ts';

// Composition and channels need no broker; the end-to-end test runs against the run's broker.
export default relaisVitestConfig('notifier');
