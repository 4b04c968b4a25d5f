export {
  KAFKA_VERSION,
  defaultOptions,
  type ClusterOptions,
  type ClusterState,
} from './layout.ts';
export { up, down, reset, status, readState, killNode, type RunningCluster } from './cluster.ts';
export { checkJava, fetchJars, jarsPresent, PrerequisiteError } from './prerequisites.ts';
export { runJavaTool } from './tools.ts';
