import { relaisVitestConfig } from './vitest.shared.ts';

// Repository-wide checks: docker-compose.yml, the README's commands, the npm configuration.
export default relaisVitestConfig('repo', { kafka: false });
