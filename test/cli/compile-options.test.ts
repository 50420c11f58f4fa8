import { compileOptions } from '../../src/cli/compile-options.js';
import { UsageError } from '../../src/cli/io.js';

const io = {
  stdout: () => undefined,
  stderr: () => undefined,
  cwd: '/',
  env: { DBT_ENV: 'ci', UNSET: undefined },
  today: () => '2026-01-15',
};

describe('compileOptions', () => {
  it('turns --vars (YAML), --target and --target-type into CompileOptions, with the environment', () => {
    expect(compileOptions({ vars: '{a: 1, b: [x]}', target: 'prod', 'target-type': 'snowflake' }, io)).toEqual({
      env: { DBT_ENV: 'ci' },
      vars: { a: 1, b: ['x'] },
      target: { name: 'prod', type: 'snowflake' },
    });
  });

  it('accepts JSON vars and leaves out what was not given', () => {
    expect(compileOptions({ vars: '{"a": true}' }, io)).toEqual({ env: { DBT_ENV: 'ci' }, vars: { a: true } });
    expect(compileOptions({ 'target-type': 'bigquery' }, io)).toEqual({
      env: { DBT_ENV: 'ci' },
      target: { type: 'bigquery' },
    });
  });

  it('reads --vars as dbt does, with PyYAML (YAML 1.1) scalars', () => {
    expect(compileOptions({ vars: '{flag: yes, big: 1e3, day: 2024-03-01}' }, io).vars).toEqual({
      flag: true,
      big: '1e3',
      day: expect.any(Date),
    });
    expect(JSON.stringify(compileOptions({ vars: '{day: 2024-03-01}' }, io).vars)).toBe('{"day":"2024-03-01"}');
  });

  it('refuses vars that are not YAML', () => {
    expect(() => compileOptions({ vars: '{a: [' }, io)).toThrow(UsageError);
    expect(() => compileOptions({ vars: '{a: [' }, io)).toThrow(/^--vars is not valid YAML/);
  });
});
