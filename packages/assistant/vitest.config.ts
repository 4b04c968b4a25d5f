import { relaisVitestConfig } from '../../vitest.shared.ts';

// No Kafka here: the assistant is pure; its tests run on fixture records.
export default relaisVitestConfig('assistant', { kafka: false });
