import { relaisVitestConfig } from '../../vitest.shared.ts';

// Every service's OpenAPI document fuzzed by Schemathesis, the services on the run's broker.
export default relaisVitestConfig('api-fuzz');
