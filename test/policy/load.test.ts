import { parsePolicyConfig } from '../../src/policy/load.js';
import { lineAtPath, loadYaml } from '../../src/dbt/yaml/yaml.js';

const FILE = '.github/dbt-steward.yml';

describe('parsePolicyConfig', () => {
  test('an empty file gives the defaults', () => {
    const { config, diagnostics } = parsePolicyConfig('# nothing yet\n', FILE);
    expect(diagnostics).toEqual([]);
    expect(config?.ownership.meta_keys).toEqual(['data_governance.model.team_owner', 'owner', 'team']);
    expect(config?.scope.report_existing).toBe(false);
  });

  test('a full config parses', () => {
    const text = [
      'ownership:',
      '  meta_keys: [data_governance.model.team_owner]',
      'teams:',
      '  sales:',
      '    github_team: sales-analytics',
      'required_meta:',
      '- key: data_governance.model.lifecycle',
      '  allowed_values: [development, testing, production]',
      'rules:',
      '  ownership/model-has-owner: warning',
      '',
    ].join('\n');
    const { config, diagnostics } = parsePolicyConfig(text, FILE);
    expect(diagnostics).toEqual([]);
    expect(config?.teams['sales']?.github_team).toBe('sales-analytics');
    expect(config?.rules['ownership/model-has-owner']).toBe('warning');
  });

  test('a YAML syntax error names its line', () => {
    const { config, diagnostics } = parsePolicyConfig('teams:\n  sales:\n    users: [a, b\nrules: {}\n', FILE);
    expect(config).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'config-yaml-syntax', severity: 'error', file: FILE, line: 4 });
  });

  test('a wrong type names the key path and its line', () => {
    const text = 'ownership:\n  use_groups: true\nteams:\n  sales:\n    users: alice\n';
    const { config, diagnostics } = parsePolicyConfig(text, FILE);
    expect(config).toBeNull();
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'config-invalid',
        file: FILE,
        line: 5,
        message: expect.stringMatching(/^teams\.sales\.users: /),
      }),
    ]);
  });

  test('an unknown key is named with its line', () => {
    const text = 'scope:\n  report_existing: true\n  report_everything: true\n';
    const { diagnostics } = parsePolicyConfig(text, FILE);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'config-invalid', line: 3, message: 'scope: unknown key `report_everything`' }),
    ]);
  });

  test('an error inside a list item names its index and line', () => {
    const text = 'required_meta:\n  - key: a\n  - key: b\n    type: text\n';
    const { diagnostics } = parsePolicyConfig(text, FILE);
    expect(diagnostics).toEqual([
      expect.objectContaining({ line: 4, message: expect.stringMatching(/^required_meta\[1\]\.type: /) }),
    ]);
  });

  test('an unknown rule id is an error with its line', () => {
    const text = 'rules:\n  ownership/model-has-owner: error\n  ownership/model-has-ownr: warning\n';
    const { config, diagnostics } = parsePolicyConfig(text, FILE);
    expect(config).toBeNull();
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'config-unknown-rule',
        line: 3,
        message: expect.stringMatching(/^rules\.ownership\/model-has-ownr: unknown rule id/),
      }),
    ]);
  });

  test('invalid rule options are an error at the option line', () => {
    const text = 'rules:\n  ownership/model-has-owner:\n    severity: error\n    options:\n      strict: true\n';
    const { config, diagnostics } = parsePolicyConfig(text, FILE);
    expect(config).toBeNull();
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'config-invalid',
        line: 5,
        message: expect.stringMatching(/^rules\.ownership\/model-has-owner\.options/),
      }),
    ]);
  });
});

describe('lineAtPath (where config problems are reported)', () => {
  const text = [
    '# header',
    'a:',
    '  b:',
    '    - x: 1',
    '      y: 2',
    '    - x: 3',
    'list:',
    '- q: 1',
    '- q: 2',
    'c: {d: 1}',
  ].join('\n');
  test.each([
    [['a'], 2],
    [['a', 'b'], 3],
    [['a', 'b', 0, 'y'], 5],
    [['a', 'b', 1, 'x'], 6],
    [['list', 1, 'q'], 9],
    [['c', 'd'], 10],
    [['missing'], undefined],
  ] as const)('%j is on line %p', (path, line) => {
    const loaded = loadYaml(text, 'f.yml');
    expect(lineAtPath(loaded.value, loaded.lines, path)).toBe(line);
  });
});

describe('parsePolicyConfig reports every problem at once', () => {
  test('a shape error and a bad rule option, in line order', () => {
    const text = [
      'ownership:',
      '  meta_key: [a]',
      'rules:',
      '  discoverability/model-has-description:',
      '    options:',
      '      min_length: -3',
      '  no/such-rule: off',
      '',
    ].join('\n');
    const { config, diagnostics } = parsePolicyConfig(text, FILE);
    expect(config).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['config-invalid', 2],
      ['config-invalid', 6],
      ['config-unknown-rule', 7],
    ]);
    expect(diagnostics[1]?.message).toMatch(/^rules\.discoverability\/model-has-description\.options\.min_length: /);
  });
});
