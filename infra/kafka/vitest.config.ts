import { relaisVitestConfig } from '../../vitest.shared.ts';

// The launcher's tests need no broker of their own; they look at the run's broker when local.
export default relaisVitestConfig('local-kafka', { kafka: false });
