import { relaisVitestConfig } from '../../vitest.shared.ts';

export default relaisVitestConfig('counter');
