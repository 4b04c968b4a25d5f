import { relaisVitestConfig } from '../../vitest.shared.ts';

// The launcher's tests start their own Zipkin on a free port; they need no broker.
export default relaisVitestConfig('local-zipkin', { kafka: false });
