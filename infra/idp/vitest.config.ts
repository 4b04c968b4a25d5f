import { relaisVitestConfig } from '../../vitest.shared.ts';

// The identity provider needs no broker: its tests drive it over HTTP on a loopback port.
export default relaisVitestConfig('idp', { kafka: false });
