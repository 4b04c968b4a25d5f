import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serverProperties } from '../src/layout.ts';
import { checkJava, defaultOptions, down, PrerequisiteError, readState, up } from '../src/index.ts';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.ts');
const parse = (props: string): Record<string, string> =>
  Object.fromEntries(
    props
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

describe('KRaft properties', () => {
  const n = (id: number) => ({ id, brokerPort: 9091 + id, controllerPort: 9191 + id });
  const credentials = {
    admin: { username: 'admin', password: 'a-secret' },
    broker: { username: 'broker', password: 'b-secret' },
    controller: { username: 'controller', password: 'c-secret' },
  };

  it('one combined broker+controller for development and tests', () => {
    const p = parse(
      serverProperties('/tmp/k', n(1), [n(1)], { defaultPartitions: 3 }, credentials),
    );
    expect(p).toMatchObject({
      'process.roles': 'broker,controller',
      'controller.quorum.voters': '1@127.0.0.1:9192',
      listeners: 'SASL_PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9192',
      'offsets.topic.replication.factor': '1',
      'min.insync.replicas': '1',
      'auto.create.topics.enable': 'false',
    });
  });

  it('authenticates every listener and denies what no ACL allows (dec-031)', () => {
    const p = parse(
      serverProperties('/tmp/k', n(1), [n(1)], { defaultPartitions: 3 }, credentials),
    );
    expect(p).toMatchObject({
      'listener.security.protocol.map': 'SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT',
      'inter.broker.listener.name': 'SASL_PLAINTEXT',
      'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
      'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-512',
      'sasl.mechanism.controller.protocol': 'PLAIN',
      'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      'allow.everyone.if.no.acl.found': 'false',
      'super.users': 'User:admin;User:broker;User:controller',
    });
    expect(Object.values(p).some((v) => /(^|,)PLAINTEXT:\/\//.test(v))).toBe(false);
    expect(p['listener.name.controller.plain.sasl.jaas.config']).toContain(
      'user_controller="c-secret"',
    );
  });

  it('three nodes: replication factor 3, min ISR 2, unclean election off', () => {
    const all = [n(1), n(2), n(3)];
    const p = parse(serverProperties('/tmp/k', n(2), all, { defaultPartitions: 3 }, credentials));
    expect(p).toMatchObject({
      'node.id': '2',
      'controller.quorum.voters': '1@127.0.0.1:9192,2@127.0.0.1:9193,3@127.0.0.1:9194',
      'advertised.listeners': 'SASL_PLAINTEXT://127.0.0.1:9093',
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      'unclean.leader.election.enable': 'false',
      'offsets.topic.replication.factor': '3',
      'transaction.state.log.min.isr': '2',
    });
    expect(p['log.dirs']).toBe('/tmp/k/node-2/data');
  });
});

describe('launcher', () => {
  it('says clearly when Java is missing', () => {
    const saved = process.env['JAVA_HOME'];
    process.env['JAVA_HOME'] = '/nonexistent-jdk';
    try {
      expect(() => checkJava()).toThrow(PrerequisiteError);
      expect(() => checkJava()).toThrow(/Java 17\+ is required.*JAVA_HOME.*KAFKA_BROKERS/s);
    } finally {
      if (saved === undefined) delete process.env['JAVA_HOME'];
      else process.env['JAVA_HOME'] = saved;
    }
  });

  it('rejects a bad --nodes with a message naming the option', () => {
    const res = spawnSync(process.execPath, [cli, 'up', '--nodes', '2'], { encoding: 'utf8' });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('--nodes must be 1 or 3, got "2"');
  });

  it('down is safe when nothing runs, twice', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'relais-kafka-'));
    const lines: string[] = [];
    await down(home, (l) => lines.push(l));
    await down(home, (l) => lines.push(l));
    expect(lines).toEqual([
      expect.stringContaining('not running'),
      expect.stringContaining('not running'),
    ]);
    rmSync(home, { recursive: true, force: true });
  });

  it.skipIf(!process.env['RELAIS_TEST_KAFKA_HOME'])(
    'up on a running cluster reuses it (idempotent)',
    async () => {
      const home = process.env['RELAIS_TEST_KAFKA_HOME'] as string;
      const before = readState(home);
      const again = await up(
        { ...defaultOptions(), home, brokerPort: 0, controllerPort: 0 },
        () => undefined,
      );
      expect(again.reused).toBe(true);
      expect(again.bootstrap).toBe(before?.bootstrap);
      expect(again.nodes.map((x) => x.pid)).toEqual(before?.nodes.map((x) => x.pid));
    },
  );
});
