import { relaisVitestConfig } from '../../vitest.shared.ts';

// No Kafka here: the package's tests are pure or use SQLite and an injected fastify app.
export default relaisVitestConfig('web', { kafka: false });
