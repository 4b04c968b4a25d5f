// Where a Kafka client's credentials come from (dec-031), and what production refuses.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  baseConfigSchema,
  ConfigError,
  kafkaAuthOf,
  parseConfig,
  resolveKafkaSasl,
  saslFromCredentialsFile,
} from '../src/index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'relais-kafka-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, text, { mode: 0o600 });
  return p;
};
const credentials = file(
  'credentials.json',
  JSON.stringify({
    mechanism: 'scram-sha-512',
    admin: { username: 'admin', password: 'admin-secret' },
    principals: { 'service.gateway': 'gw-secret', 'agency.caf': 'caf-secret' },
    services: { gateway: 'service.gateway' },
    agencies: { caf: 'agency.caf' },
  }),
);
const issuesOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => i.variable);
    throw err;
  }
  return [];
};

describe('Kafka credentials', () => {
  it('takes the principal and its password file from the configuration', () => {
    const config = parseConfig(baseConfigSchema, {
      KAFKA_SASL_USERNAME: 'service.router',
      KAFKA_SASL_PASSWORD_FILE: file('router.password', 'router-secret\n'),
    });
    expect(kafkaAuthOf(config)).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'service.router', password: 'router-secret' },
    });
  });

  it("picks a service's own principal from the local cluster's credentials file", () => {
    const auth = kafkaAuthOf(
      parseConfig(baseConfigSchema, { RELAIS_KAFKA_CREDENTIALS: credentials }),
    );
    expect(resolveKafkaSasl(undefined, auth, 'gateway')).toEqual({
      mechanism: 'scram-sha-512',
      username: 'service.gateway',
      password: 'gw-secret',
    });
    // A service the file does not know gets no one else's principal (never the admin).
    expect(() => saslFromCredentialsFile(credentials, 'router')).toThrow(
      /no principal for service "router".*kafka:principals/,
    );
  });

  it('prefers an explicit principal, then the configured one, then the file', () => {
    const explicit = { mechanism: 'scram-sha-512' as const, username: 'agency.caf', password: 'x' };
    const configured = { mechanism: 'plain' as const, username: 'u', password: 'p' };
    expect(resolveKafkaSasl(explicit, { sasl: configured }, 'gateway')).toBe(explicit);
    expect(
      resolveKafkaSasl(undefined, { sasl: configured, credentialsFile: credentials }, 'gateway'),
    ).toBe(configured);
    expect(resolveKafkaSasl(undefined, {}, 'gateway')).toBeUndefined();
  });

  it('names a username without password, and a password without username', () => {
    expect(
      issuesOf(() => kafkaAuthOf(parseConfig(baseConfigSchema, { KAFKA_SASL_USERNAME: 'u' }))),
    ).toEqual(['KAFKA_SASL_PASSWORD_FILE']);
    expect(
      issuesOf(() => kafkaAuthOf(parseConfig(baseConfigSchema, { KAFKA_SASL_PASSWORD: 'p' }))),
    ).toEqual(['KAFKA_SASL_USERNAME']);
    expect(
      issuesOf(() =>
        kafkaAuthOf(
          parseConfig(baseConfigSchema, {
            KAFKA_SASL_USERNAME: 'u',
            KAFKA_SASL_PASSWORD_FILE: path.join(dir, 'missing'),
          }),
        ),
      ),
    ).toEqual(['KAFKA_SASL_PASSWORD_FILE']);
  });

  it('refuses to start under RELAIS_PROFILE=production without its own Kafka principal', () => {
    const production = (env: Record<string, string>) =>
      issuesOf(() =>
        kafkaAuthOf(parseConfig(baseConfigSchema, { RELAIS_PROFILE: 'production', ...env })),
      );
    expect(production({})).toEqual(['KAFKA_SASL_USERNAME']);
    expect(production({ RELAIS_KAFKA_CREDENTIALS: credentials })).toEqual([
      'RELAIS_KAFKA_CREDENTIALS',
      'KAFKA_SASL_USERNAME',
    ]);
    expect(
      production({
        KAFKA_SASL_USERNAME: 'service.gateway',
        KAFKA_SASL_PASSWORD_FILE: file('gw.password', 'gw-secret'),
      }),
    ).toEqual([]);
    // Development: an open cluster stays possible (plaintext).
    expect(kafkaAuthOf(parseConfig(baseConfigSchema, {}))).toEqual({});
  });
});
