// Reading CORS_ORIGINS (src/env.ts): the exact origins trusted with credentials and writes.
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/env.js';

describe('CORS_ORIGINS parsing', () => {
  it('reads a comma- or space-separated list of exact origins, empty by default', () => {
    expect(parseEnv({}).corsOrigins).toEqual([]);
    expect(
      parseEnv({ CORS_ORIGINS: 'https://a.example, http://localhost:5173/ https://b.example:8443' })
        .corsOrigins,
    ).toEqual(['https://a.example', 'http://localhost:5173', 'https://b.example:8443']);
  });

  it('names each bad entry: wildcards, paths and non-http schemes are refused', () => {
    expect(() => parseEnv({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS: "\*" is not an origin/);
    expect(() => parseEnv({ CORS_ORIGINS: 'https://a.example/app' })).toThrow(/"https:\/\/a.example\/app"/);
    expect(() => parseEnv({ CORS_ORIGINS: 'ftp://a.example' })).toThrow(/"ftp:\/\/a.example"/);
  });
});
