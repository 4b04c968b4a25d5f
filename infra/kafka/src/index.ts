export {
  KAFKA_VERSION,
  INFRA_DIR,
  defaultOptions,
  type ClusterOptions,
  type ClusterState,
} from './layout.ts';
export {
  up,
  down,
  reset,
  status,
  readState,
  killNode,
  restartNode,
  type RunningCluster,
} from './cluster.ts';
export { checkJava, fetchJars, jarsPresent, PrerequisiteError } from './prerequisites.ts';
export { runJavaTool } from './tools.ts';
