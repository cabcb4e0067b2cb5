import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configurationTable, loadConfig, settingSpecs } from './config.js';

describe('configuration', () => {
  it('has a default for every setting', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe('./data');
    expect(config.databaseUrl).toBeUndefined();
  });

  it('parses values and names every bad setting at once', () => {
    expect(loadConfig({ PORT: '8080', HEARKEN_SECURE_COOKIES: 'yes' })).toMatchObject({
      port: 8080,
      secureCookies: true,
    });
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('LOG_LEVEL');
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });

  it('is documented in the README exactly as declared', () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    expect(readme).toContain(configurationTable());
    for (const spec of Object.values(settingSpecs)) expect(readme).toContain(`\`${spec.env}\``);
  });
});
