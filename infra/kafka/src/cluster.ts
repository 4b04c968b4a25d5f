// Start, stop and inspect a local KRaft cluster of 1 or 3 combined broker+controller nodes.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  INFRA_DIR,
  KAFKA_VERSION,
  nodeDir,
  serverProperties,
  stateFile,
  type ClusterOptions,
  type ClusterState,
  type NodeAddress,
} from './layout.ts';
import { checkJava, fetchJars } from './prerequisites.ts';
import { provisionAccess, registerPrincipals, type AccessPlan } from './access.ts';
import {
  credentialsFile,
  ensureCredentials,
  readCredentials,
  SCRAM_MECHANISM,
  writeCredentials,
  type ClusterCredentials,
} from './credentials.ts';

export interface RunningCluster extends ClusterState {
  /** True when `up` found the cluster already running and left it alone. */
  reused: boolean;
}

type Log = (line: string) => void;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('kafka.Kafka');
  } catch {
    return false;
  }
}

export function readState(home: string): ClusterState | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(home), 'utf8')) as ClusterState;
  } catch {
    return undefined;
  }
}

function portAnswers(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function addresses(opts: ClusterOptions): Promise<NodeAddress[]> {
  const out: NodeAddress[] = [];
  for (let id = 1; id <= opts.nodes; id += 1) {
    out.push({
      id,
      brokerPort: opts.brokerPort === 0 ? await freePort() : opts.brokerPort + id - 1,
      controllerPort: opts.controllerPort === 0 ? await freePort() : opts.controllerPort + id - 1,
    });
  }
  return out;
}

function classpath(jars: string): string {
  return path.join(jars, '*');
}

/** The node's server log says so once the broker serves requests (KafkaRaftServer). */
function logSaysStarted(home: string, id: number): boolean {
  try {
    return readFileSync(path.join(nodeDir(home, id), 'logs', 'server.log'), 'utf8').includes(
      'Kafka Server started',
    );
  } catch {
    return false;
  }
}

/**
 * Formats a node's storage with the SCRAM credentials of the admin, the broker and every principal
 * known so far (KIP-900: `--add-scram` writes them to the bootstrap metadata), so a fresh cluster
 * authenticates them from its first start. Answers whether it formatted.
 */
function formatStorage(
  java: string,
  opts: ClusterOptions,
  id: number,
  clusterId: string,
  credentials: ClusterCredentials,
): boolean {
  const home = opts.home;
  const dir = nodeDir(home, id);
  if (existsSync(path.join(dir, 'data', 'meta.properties'))) return false;
  const users: Array<[string, string]> = [
    [credentials.admin.username, credentials.admin.password],
    [credentials.broker.username, credentials.broker.password],
    ...Object.entries(credentials.principals),
  ];
  const res = spawnSync(
    java,
    [
      '-cp',
      classpath(opts.jars),
      `-Dlog4j2.configurationFile=${path.join(INFRA_DIR, 'log4j2.properties')}`,
      `-Dkafka.logs.dir=${path.join(dir, 'logs')}`,
      'kafka.tools.StorageTool',
      'format',
      '--cluster-id',
      clusterId,
      '--config',
      path.join(dir, 'server.properties'),
      '--ignore-formatted',
      ...users.flatMap(([name, password]) => [
        '--add-scram',
        `${SCRAM_MECHANISM}=[name=${name},password=${password}]`,
      ]),
    ],
    { encoding: 'utf8' },
  );
  if (res.status !== 0) {
    // Never the arguments: they hold passwords.
    throw new Error(`kafka-storage format failed for node ${id}: ${res.stderr || res.stdout}`);
  }
  return true;
}

function startNode(java: string, opts: ClusterOptions, id: number): number {
  const { home, heap } = opts;
  const dir = nodeDir(home, id);
  const logs = path.join(dir, 'logs');
  const out = openSync(path.join(logs, 'stdout.log'), 'a');
  const child = spawn(
    java,
    [
      `-Xms${heap}`,
      `-Xmx${heap}`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${path.join(INFRA_DIR, 'log4j2.properties')}`,
      `-Dkafka.logs.dir=${logs}`,
      '-cp',
      classpath(opts.jars),
      'kafka.Kafka',
      path.join(dir, 'server.properties'),
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start Kafka node ${id}`);
  return child.pid;
}

/**
 * Starts the cluster (or finds it running) with authenticated listeners and ACLs; with a `plan`,
 * its principals and ACLs are provisioned too (idempotent).
 */
export async function up(
  opts: ClusterOptions,
  log: Log = console.log,
  plan?: AccessPlan,
): Promise<RunningCluster> {
  const existing = readState(opts.home);
  if (existing && existing.nodes.every((n) => isAlive(n.pid))) {
    const answering = await Promise.all(existing.nodes.map((n) => portAnswers(n.brokerPort)));
    if (answering.every(Boolean) && readCredentials(opts.home)) {
      log(`Kafka already running (${existing.nodes.length} node(s)) at ${existing.bootstrap}`);
      if (plan) {
        await provisionAccess({
          home: opts.home,
          jars: opts.jars,
          bootstrap: existing.bootstrap,
          plan,
          log,
        });
      }
      return { ...existing, credentialsFile: credentialsFile(opts.home), reused: true };
    }
  }
  if (existing) await down(opts.home, () => undefined);

  const { command: java } = checkJava();
  fetchJars(opts.jars, log);

  const nodes = await addresses(opts);
  for (const n of nodes) {
    if (await portAnswers(n.brokerPort)) {
      throw new Error(
        `port ${n.brokerPort} is taken by another process; choose another with --port or RELAIS_KAFKA_PORT`,
      );
    }
  }
  // A data folder formatted for another topology (1 vs 3 nodes) cannot join this quorum.
  const topologyFile = path.join(opts.home, 'topology');
  const topology = nodes.map((n) => `${n.id}@${n.controllerPort}`).join(',');
  if (!existsSync(topologyFile) || readFileSync(topologyFile, 'utf8') !== topology) {
    for (let id = 1; id <= 3; id += 1)
      rmSync(nodeDir(opts.home, id), { recursive: true, force: true });
  }
  mkdirSync(opts.home, { recursive: true });
  writeFileSync(topologyFile, topology);
  if (!readCredentials(opts.home)) {
    // Data formatted before the cluster authenticated (dec-031) holds no SCRAM credential: no
    // client could connect to it. Start again from empty storage.
    for (let id = 1; id <= 3; id += 1)
      rmSync(nodeDir(opts.home, id), { recursive: true, force: true });
  }
  let credentials = ensureCredentials(opts.home);
  if (plan) credentials = registerPrincipals(opts.home, plan);

  const clusterIdFile = path.join(opts.home, 'cluster-id');
  let clusterId = existsSync(clusterIdFile) ? readFileSync(clusterIdFile, 'utf8').trim() : '';
  if (!clusterId || !nodes.every((n) => existsSync(path.join(nodeDir(opts.home, n.id), 'data')))) {
    // A KRaft cluster id is a base64url UUID (what `kafka-storage random-uuid` prints).
    // One starting with '-' would be read as an option by kafka-storage's argument parser.
    do {
      clusterId = Buffer.from(randomUUID().replaceAll('-', ''), 'hex').toString('base64url');
    } while (clusterId.startsWith('-'));
    writeFileSync(clusterIdFile, clusterId);
  }

  const started = Date.now();
  const pids: number[] = [];
  let formatted = false;
  for (const n of nodes) {
    const dir = nodeDir(opts.home, n.id);
    mkdirSync(path.join(dir, 'logs'), { recursive: true });
    mkdirSync(path.join(dir, 'data'), { recursive: true });
    rmSync(path.join(dir, 'logs', 'server.log'), { force: true });
    // It holds the broker's and the controller's passwords.
    writeFileSync(
      path.join(dir, 'server.properties'),
      serverProperties(opts.home, n, nodes, opts, credentials),
      { mode: 0o600 },
    );
    if (formatStorage(java, opts, n.id, clusterId, credentials)) formatted = true;
  }
  if (formatted) {
    credentials.provisioned = Object.keys(credentials.principals);
    writeCredentials(opts.home, credentials);
  }
  for (const n of nodes) pids.push(startNode(java, opts, n.id));

  const state: ClusterState = {
    version: KAFKA_VERSION,
    clusterId,
    nodes: nodes.map((n, i) => ({ ...n, pid: pids[i] ?? 0 })),
    bootstrap: nodes.map((n) => `127.0.0.1:${n.brokerPort}`).join(','),
    credentialsFile: credentialsFile(opts.home),
    startedAt: new Date(started).toISOString(),
    startupMs: 0,
  };
  writeFileSync(stateFile(opts.home), JSON.stringify(state, null, 2));

  const deadline = started + opts.startTimeoutMs;
  for (;;) {
    const dead = state.nodes.find((n) => !isAlive(n.pid));
    if (dead) {
      const logFile = path.join(nodeDir(opts.home, dead.id), 'logs', 'server.log');
      await down(opts.home, () => undefined);
      throw new Error(`Kafka node ${dead.id} exited during start-up; see ${logFile}`);
    }
    const ready = await Promise.all(
      state.nodes.map(
        async (n) => logSaysStarted(opts.home, n.id) && (await portAnswers(n.brokerPort)),
      ),
    );
    if (ready.every(Boolean)) break;
    if (Date.now() > deadline) {
      await down(opts.home, () => undefined);
      throw new Error(
        `Kafka did not become ready within ${opts.startTimeoutMs} ms; logs in ${opts.home}/node-*/logs`,
      );
    }
    await sleep(200);
  }
  state.startupMs = Date.now() - started;
  writeFileSync(stateFile(opts.home), JSON.stringify(state, null, 2));
  log(
    `Kafka ${KAFKA_VERSION} ready in ${state.startupMs} ms: ${state.nodes.length} node(s) at ${state.bootstrap}, SASL/SCRAM (credentials: ${state.credentialsFile}; logs: ${opts.home}/node-*/logs)`,
  );
  if (plan) {
    await provisionAccess({
      home: opts.home,
      jars: opts.jars,
      bootstrap: state.bootstrap,
      plan,
      log,
    });
  }
  return { ...state, reused: false };
}

/** Stops every node of the cluster recorded in <home>; safe to call when nothing runs. */
export async function down(
  home: string,
  log: Log = console.log,
  timeoutMs = 30_000,
): Promise<void> {
  const state = readState(home);
  if (!state) {
    log('Kafka is not running (no cluster recorded in ' + home + ')');
    return;
  }
  const live = state.nodes.filter((n) => isAlive(n.pid));
  for (const n of live) process.kill(n.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (live.some((n) => isAlive(n.pid)) && Date.now() < deadline) await sleep(100);
  for (const n of live.filter((x) => isAlive(x.pid))) process.kill(n.pid, 'SIGKILL');
  rmSync(stateFile(home), { force: true });
  log(live.length ? `Kafka stopped (${live.length} node(s))` : 'Kafka was not running');
}

/** Stops the cluster and deletes its data (topics, offsets, metadata); the jars stay. */
export async function reset(home: string, log: Log = console.log): Promise<void> {
  await down(home, log);
  for (let id = 1; id <= 3; id += 1) rmSync(nodeDir(home, id), { recursive: true, force: true });
  rmSync(path.join(home, 'cluster-id'), { force: true });
  rmSync(path.join(home, 'topology'), { force: true });
  log('Kafka data removed');
}

export interface NodeStatus extends NodeAddress {
  pid: number;
  alive: boolean;
  rssMiB: number | undefined;
}

/** Resident memory of each node, read from /proc (Linux). */
export function status(home: string): { state: ClusterState | undefined; nodes: NodeStatus[] } {
  const state = readState(home);
  const nodes = (state?.nodes ?? []).map((n) => {
    let rssMiB: number | undefined;
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${n.pid}/status`, 'utf8'))?.[1];
      rssMiB = kb ? Math.round(Number(kb) / 1024) : undefined;
    } catch {
      rssMiB = undefined;
    }
    return { ...n, alive: isAlive(n.pid), rssMiB };
  });
  return { state, nodes };
}

/** Kills one node hard (fault tests on the 3-node cluster). */
export function killNode(home: string, id: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  const node = readState(home)?.nodes.find((n) => n.id === id);
  if (node && isAlive(node.pid)) process.kill(node.pid, signal);
}

/**
 * Starts again a node that was killed (fault tests), on its ports and data, and waits until it
 * serves requests; answers how long that took. The cluster's state file records its new pid.
 */
export async function restartNode(opts: ClusterOptions, id: number): Promise<number> {
  const state = readState(opts.home);
  const node = state?.nodes.find((n) => n.id === id);
  if (!state || !node) throw new Error(`no node ${id} recorded in ${opts.home}`);
  if (isAlive(node.pid)) throw new Error(`Kafka node ${id} is running (pid ${node.pid})`);
  const { command: java } = checkJava();
  const started = Date.now();
  rmSync(path.join(nodeDir(opts.home, id), 'logs', 'server.log'), { force: true });
  node.pid = startNode(java, opts, id);
  writeFileSync(stateFile(opts.home), JSON.stringify(state, null, 2));
  const deadline = started + opts.startTimeoutMs;
  while (!(logSaysStarted(opts.home, id) && (await portAnswers(node.brokerPort)))) {
    if (!isAlive(node.pid)) throw new Error(`Kafka node ${id} exited while starting again`);
    if (Date.now() > deadline) throw new Error(`Kafka node ${id} did not start again in time`);
    await sleep(200);
  }
  return Date.now() - started;
}
