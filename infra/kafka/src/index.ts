export {
  KAFKA_VERSION,
  brokerSecurityProperties,
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
export {
  adminEnv,
  adminPasswordFile,
  adminSasl,
  credentialsFile,
  readCredentials,
  SCRAM_MECHANISM,
  SUPER_USERS,
  type ClusterCredentials,
} from './credentials.ts';
export {
  addScramUsers,
  adminClientProperties,
  planBindings,
  provisionAccess,
  syncAcls,
  type ScramUsersOptions,
  type AccessPlan,
  type AclGrant,
  type AclOperation,
  type AclResource,
  type PrincipalPlan,
  type ProvisionOptions,
} from './access.ts';
export { kafkaCli, runKafkaCli } from './cli.ts';
