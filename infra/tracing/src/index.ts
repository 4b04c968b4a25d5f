export {
  ZIPKIN_VERSION,
  ZIPKIN_COORDINATES,
  INFRA_DIR,
  defaultOptions,
  spansEndpoint,
  uiUrl,
  traceUrl,
  logFile,
  type ZipkinOptions,
  type ZipkinState,
} from './layout.ts';
export {
  up,
  down,
  status,
  readState,
  healthy,
  freePort,
  type RunningZipkin,
  type ZipkinStatus,
} from './server.ts';
export { fetchJar, cachedJarPath, type ZipkinJar } from './jar.ts';
export { checkJava, PrerequisiteError } from './prerequisites.ts';
