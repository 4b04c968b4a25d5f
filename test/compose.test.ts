// docker-compose.yml cannot run here (no Docker engine): its structure is checked instead.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KAFKA_VERSION } from '@relais/local-kafka';

const root = path.resolve(import.meta.dirname, '..');

interface Service {
  image?: string;
  environment?: Record<string, string | number>;
  depends_on?: string[] | Record<string, unknown>;
  volumes?: string[];
  ports?: string[];
}
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
};

describe('docker-compose.yml', () => {
  it('runs the same Kafka version as the local broker, in KRaft mode', () => {
    const kafka = compose.services['kafka'];
    expect(kafka?.image).toBe(`apache/kafka:${KAFKA_VERSION}`);
    expect(kafka?.environment).toMatchObject({
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE: 'false',
    });
    const voters = String(kafka?.environment?.['KAFKA_CONTROLLER_QUORUM_VOTERS']);
    expect(voters).toMatch(/^1@kafka:\d+$/);
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

  it('refers only to services and files that exist', () => {
    const names = Object.keys(compose.services);
    for (const [name, service] of Object.entries(compose.services)) {
      const deps = Array.isArray(service.depends_on)
        ? service.depends_on
        : Object.keys(service.depends_on ?? {});
      for (const dep of deps) expect(names, `${name} depends on ${dep}`).toContain(dep);
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] ?? '';
        if (source.startsWith('.'))
          expect(existsSync(path.join(root, source)), `${name}: ${source}`).toBe(true);
      }
      expect(service.image, `${name} pins an image tag`).toMatch(/:[\w.-]+$/);
    }
  });
});
