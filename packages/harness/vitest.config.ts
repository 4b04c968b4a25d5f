import { relaisVitestConfig } from '../../vitest.shared.ts';

// Every test here runs the services together against the run's broker.
export default relaisVitestConfig('harness');
