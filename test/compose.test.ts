// docker-compose.yml and the Dockerfile cannot run here (no Docker engine): their structure is
// checked instead — every service's environment parsed by that service's own configuration
// schema under the production profile, every secret and env file produced by
// `npm run compose:secrets`, every principal the access plan's, every path present.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kafkaAuthOf } from '@relais/kit';
import { KAFKA_VERSION } from '@relais/local-kafka';
import { composeGeneratedFiles, writeComposeSecrets } from '../scripts/lib/compose.ts';
import { relaisAccessPlan } from '../scripts/lib/kafka.ts';

const root = path.resolve(import.meta.dirname, '..');

interface Service {
  image?: string;
  build?: string;
  entrypoint?: string[];
  command?: string[];
  environment?: Record<string, string | number>;
  env_file?: string[];
  depends_on?: string[] | Record<string, unknown>;
  volumes?: string[];
  secrets?: string[];
  ports?: string[];
  deploy?: { replicas?: number };
}
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as {
  services: Record<string, Service>;
  secrets: Record<string, { file: string }>;
  volumes: Record<string, unknown>;
};
const plan = relaisAccessPlan();
const generated = mkdtempSync(path.join(tmpdir(), 'relais-compose-'));
writeComposeSecrets(generated, plan);
afterAll(() => rmSync(generated, { recursive: true, force: true }));

/** A path of docker-compose.yml on this machine: generated ones in the test's own folder. */
const local = (file: string): string =>
  file.startsWith('./.relais/compose/')
    ? path.join(generated, file.slice('./.relais/compose/'.length))
    : path.join(root, file);

/** The Relais services: those that run a service's dist/index.js from the image. */
const relaisServices = Object.entries(compose.services).flatMap(([name, s]) => {
  const entry = /^services\/([a-z-]+)\/dist\/index\.js$/.exec(s.command?.[0] ?? '');
  return entry?.[1] ? [{ name, workspace: entry[1], service: s }] : [];
});

function readEnvFile(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(local(file), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

describe('docker-compose.yml', () => {
  it('runs the local broker’s Kafka version, authenticating, with ACLs denying by default', () => {
    const kafka = compose.services['kafka'];
    expect(kafka?.image).toBe(`apache/kafka:${KAFKA_VERSION}`);
    expect(kafka?.secrets).toEqual(
      expect.arrayContaining(['kafka-server', 'kafka-scram-users', 'kafka-cluster-id']),
    );
    const props = Object.fromEntries(
      readFileSync(local(compose.secrets['kafka-server']!.file), 'utf8')
        .split('\n')
        .filter((l) => l.includes('=') && !l.startsWith('#'))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(props).toMatchObject({
      'process.roles': 'broker,controller',
      'controller.quorum.voters': '1@kafka:9093',
      'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      'allow.everyone.if.no.acl.found': 'false',
      'auto.create.topics.enable': 'false',
      'unclean.leader.election.enable': 'false',
      'log.dirs': '/var/lib/kafka/data',
    });
    // Every listener authenticates; no PLAINTEXT one.
    expect(props['listener.security.protocol.map']).not.toMatch(/:PLAINTEXT(,|$)/);
    expect(props['super.users']).toBe('User:admin;User:broker;User:controller');
    // Every service principal has its SCRAM credential from the first start.
    const users = readFileSync(local(compose.secrets['kafka-scram-users']!.file), 'utf8');
    for (const p of plan.principals.filter((x) => x.service))
      expect(users).toContain(`name=${p.name},`);
  });

  it('runs every Relais service of the access plan from the one image', () => {
    const planned = plan.principals.flatMap((p) => (p.service ? [p.service] : []));
    expect(new Set(relaisServices.map((s) => s.workspace))).toEqual(new Set(planned));
    for (const { name, workspace, service } of relaisServices) {
      expect(service.image, name).toBe('relais:local');
      expect(service.build, name).toBe('.');
      expect(existsSync(path.join(root, 'services', workspace, 'src', 'index.ts')), name).toBe(
        true,
      );
    }
    // Replicas where the service scales: the registries elect their leader on Kafka.
    expect(relaisServices.filter((s) => s.workspace === 'registry')).toHaveLength(2);
  });

  it('runs the services that share their work by partitions as replicas behind the edge, their files caches', () => {
    for (const name of ['gateway', 'eligibility', 'notifier']) {
      const service = compose.services[name];
      expect(service?.deploy?.replicas, name).toBeGreaterThanOrEqual(2);
      // No named volume: what a replica keeps on disk is rebuilt from Kafka (dec-045).
      expect(service?.volumes, name).toContain('/data');
      expect(service?.ports, name).toBeUndefined();
      expect(readFileSync(path.join(root, 'infra/compose/edge.conf'), 'utf8')).toContain(
        `server ${name}:`,
      );
    }
    expect(compose.services['edge']?.ports).toEqual(['8080:8080', '8084:8084', '8085:8085']);
    // Routers: one archivist (the access log's archive, mounted by the consent service too), and
    // replicas in the same group that only route.
    const replica = compose.services['router-replica'];
    expect(replica?.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(replica?.environment?.['ROUTER_ARCHIVIST']).toBe('off');
    expect(replica?.volumes).toContain('/data');
    expect(compose.services['router']?.volumes).toContain('access-log-archive:/archive');
  });

  it('gives each service an environment its own schema accepts under the production profile, and its own principal only', async () => {
    for (const { name, workspace, service } of relaisServices) {
      const env: Record<string, string> = {
        ...Object.fromEntries(
          (service.env_file ?? []).flatMap((f) => Object.entries(readEnvFile(f))),
        ),
        ...Object.fromEntries(
          Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]),
        ),
      };
      expect(env['RELAIS_PROFILE'], name).toBe('production');
      const { loadConfig } = (await import(
        path.join(root, 'services', workspace, 'src', 'config.ts')
      )) as { loadConfig: (env: Record<string, string>) => Record<string, unknown> };
      const config = loadConfig(env);
      // No variable the schema does not know (zod would drop a misspelt one silently).
      // (OTEL_TRACES_EXPORTER is the telemetry preload's, read before the service starts.)
      for (const key of Object.keys(env).filter((k) => k !== 'OTEL_TRACES_EXPORTER'))
        expect(Object.keys(config), `${name}: ${key}`).toContain(key);
      // Its principal is the plan's for this service, its password its own secret.
      const principal = plan.principals.find((p) => p.service === workspace)?.name;
      expect(env['KAFKA_SASL_USERNAME'], name).toBe(principal);
      const secretName = /^\/run\/secrets\/(.+)$/.exec(env['KAFKA_SASL_PASSWORD_FILE'] ?? '')?.[1];
      expect(service.secrets, name).toEqual([secretName]);
      const file = local(compose.secrets[secretName ?? '']!.file);
      const auth = kafkaAuthOf({ ...config, KAFKA_SASL_PASSWORD_FILE: file } as never);
      expect(auth.sasl?.username, name).toBe(principal);
      expect(auth.sasl?.password.length, name).toBeGreaterThanOrEqual(32);
    }
  });

  it('names only files `npm run compose:secrets` writes, and writes each with mode 0600', () => {
    const written = new Set(Object.values(composeGeneratedFiles(plan)));
    const referenced = [
      ...Object.values(compose.secrets).map((s) => s.file),
      ...Object.values(compose.services).flatMap((s) => s.env_file ?? []),
    ];
    for (const file of referenced) {
      expect(file.startsWith('./.relais/compose/'), file).toBe(true);
      expect(written, file).toContain(file.slice('./.relais/compose/'.length));
      expect(existsSync(local(file)), file).toBe(true);
    }
    for (const rel of written) {
      expect(statSync(path.join(generated, rel)).mode & 0o777, rel).toBe(0o600);
    }
  });

  it('refers only to services, volumes and files that exist', () => {
    const names = Object.keys(compose.services);
    for (const [name, service] of Object.entries(compose.services)) {
      const deps = Array.isArray(service.depends_on)
        ? service.depends_on
        : Object.keys(service.depends_on ?? {});
      for (const dep of deps) expect(names, `${name} depends on ${dep}`).toContain(dep);
      for (const secret of service.secrets ?? [])
        expect(Object.keys(compose.secrets), `${name}: ${secret}`).toContain(secret);
      for (const volume of service.volumes ?? []) {
        if (!volume.includes(':')) continue; // an anonymous volume: the container's own
        const source = volume.split(':')[0] ?? '';
        if (source.startsWith('./.relais/compose/')) continue; // written by compose:secrets
        if (source.startsWith('.'))
          expect(existsSync(path.join(root, source)), `${name}: ${source}`).toBe(true);
        else expect(Object.keys(compose.volumes), `${name}: ${source}`).toContain(source);
      }
      if (service.build) {
        // What the image runs: a file of the repository.
        const entry = [...(service.entrypoint ?? []), ...(service.command ?? [])].find((a) =>
          /\.(ts|js)$/.test(a),
        );
        const file = entry?.replace(/\/dist\/index\.js$/, '/src/index.ts') ?? '';
        expect(existsSync(path.join(root, file)), `${name}: ${entry}`).toBe(true);
      } else expect(service.image, `${name} pins an image tag`).toMatch(/:[\w.-]+$/);
    }
  });

  it('has an OpenTelemetry collector feeding a tracing UI', () => {
    expect(compose.services['otel-collector']?.image).toMatch(/^otel\/opentelemetry-collector/);
    expect(compose.services['jaeger']?.ports).toContain('16686:16686');
    const collector = parse(readFileSync(path.join(root, 'infra/otel/collector.yaml'), 'utf8')) as {
      service: { pipelines: { traces: { exporters: string[] } } };
      exporters: Record<string, { endpoint: string }>;
    };
    const exporter = collector.service.pipelines.traces.exporters[0] ?? '';
    expect(collector.exporters[exporter]?.endpoint).toMatch(/^jaeger:/);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');

  it('builds on the Node version the project brings', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThan(0);
    for (const from of froms)
      expect(from).toBe(`node:${pkg.devDependencies['node']}-bookworm-slim`);
  });

  it('copies only paths that exist, runs as a user, in the production profile', () => {
    for (const [, sources] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm))
      for (const source of (sources ?? '').split(' '))
        expect(existsSync(path.join(root, source)), source).toBe(true);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/RELAIS_PROFILE=production/);
    const ignored = readFileSync(path.join(root, '.dockerignore'), 'utf8');
    for (const secret of ['.relais', 'infra/agencies/.keys', '**/node_modules'])
      expect(ignored.split('\n')).toContain(secret);
  });
});
