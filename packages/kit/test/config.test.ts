import { describe, expect, it } from 'vitest';
import {
  baseConfigSchema,
  checkDevelopmentShortcuts,
  ConfigError,
  DEFAULT_PARTITIONS,
  parseConfig,
  z,
} from '../src/index.ts';
import { capturingLogger } from './support.ts';

describe('parseConfig', () => {
  it('applies defaults and splits the broker list', () => {
    const config = parseConfig(baseConfigSchema, { KAFKA_BROKERS: 'a:9092, b:9093' });
    expect(config.KAFKA_BROKERS).toEqual(['a:9092', 'b:9093']);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.HTTP_PORT).toBe(0);
  });

  it('names every bad variable at once, without echoing values', () => {
    const schema = baseConfigSchema.extend({
      RELAIS_SECRET: z.string().min(32, 'expected at least 32 characters'),
    });
    let error: unknown;
    try {
      parseConfig(schema, {
        KAFKA_BROKERS: 'no-port',
        HTTP_PORT: '70000',
        LOG_LEVEL: 'loud',
        RELAIS_SECRET: 'hunter2',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.map((i) => i.variable);
    expect(issues).toEqual(
      expect.arrayContaining(['KAFKA_BROKERS.0', 'HTTP_PORT', 'LOG_LEVEL', 'RELAIS_SECRET']),
    );
    expect((error as Error).message).toContain('expected a TCP port between 0 and 65535');
    expect((error as Error).message).not.toContain('hunter2');
  });
});

describe('RELAIS_PARTITIONS', () => {
  it('defaults to the kit default and refuses what is not a partition count', () => {
    expect(parseConfig(baseConfigSchema, {}).RELAIS_PARTITIONS).toBe(DEFAULT_PARTITIONS);
    expect(parseConfig(baseConfigSchema, { RELAIS_PARTITIONS: '6' }).RELAIS_PARTITIONS).toBe(6);
    for (const bad of ['0', '2.5', 'three']) {
      expect(() => parseConfig(baseConfigSchema, { RELAIS_PARTITIONS: bad })).toThrow(
        /RELAIS_PARTITIONS: expected/,
      );
    }
  });
});

describe('metrics variables', () => {
  it('leave the scrape closed and no metrics listener by default, and name a bad port', () => {
    const config = parseConfig(baseConfigSchema, {});
    expect(config.METRICS_TOKEN_FILE).toBeUndefined();
    expect(config.METRICS_PORT).toBeUndefined();
    expect(config.METRICS_HOST).toBe('127.0.0.1');
    const set = parseConfig(baseConfigSchema, {
      METRICS_TOKEN_FILE: '/run/secrets/metrics.token',
      METRICS_PORT: '9464',
      METRICS_HOST: '10.0.0.5',
    });
    expect(set).toMatchObject({
      METRICS_TOKEN_FILE: '/run/secrets/metrics.token',
      METRICS_PORT: 9464,
      METRICS_HOST: '10.0.0.5',
    });
    expect(() => parseConfig(baseConfigSchema, { METRICS_PORT: 'nine' })).toThrow(
      /METRICS_PORT: expected a TCP port/,
    );
  });
});

describe('RELAIS_PROFILE and development shortcuts', () => {
  const shortcut = (on: boolean) => ({
    setting: 'CONSENT_DEV_TOKENS',
    on,
    what: 'the development citizen-token issuer',
  });

  it('defaults to development and takes only development or production', () => {
    expect(parseConfig(baseConfigSchema, {}).RELAIS_PROFILE).toBe('development');
    expect(parseConfig(baseConfigSchema, { RELAIS_PROFILE: 'production' }).RELAIS_PROFILE).toBe(
      'production',
    );
    expect(() => parseConfig(baseConfigSchema, { RELAIS_PROFILE: 'prod' })).toThrow(
      /RELAIS_PROFILE: expected development or production/,
    );
  });

  it('refuses a shortcut that is on under production, naming its setting', () => {
    const { logger } = capturingLogger();
    expect(() => checkDevelopmentShortcuts('production', [shortcut(true)], logger)).toThrow(
      ConfigError,
    );
    expect(() => checkDevelopmentShortcuts('production', [shortcut(true)], logger)).toThrow(
      /CONSENT_DEV_TOKENS: expected off under RELAIS_PROFILE=production/,
    );
    expect(checkDevelopmentShortcuts('production', [shortcut(false)], logger)).toEqual([]);
  });

  it('warns loudly at start about a shortcut that is on in development', () => {
    const { logger, lines } = capturingLogger();
    expect(checkDevelopmentShortcuts('development', [shortcut(true)], logger)).toEqual([
      'CONSENT_DEV_TOKENS',
    ]);
    const warned = lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(warned).toEqual([
      expect.objectContaining({
        level: 'warn',
        setting: 'CONSENT_DEV_TOKENS',
        msg: expect.stringMatching(
          /^DEVELOPMENT SHORTCUT ON: the development citizen-token issuer/,
        ),
      }),
    ]);
  });
});
