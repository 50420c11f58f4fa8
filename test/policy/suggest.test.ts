import { sqlConfigMeta, yamlEntryInsert, yamlScalar } from '../../src/policy/suggest.js';

describe('suggestions', () => {
  const yaml = [
    'version: 2',
    'models:',
    '    - name: orders # four-space lists are fine',
    '      description: x',
    '    - name: customers',
    '      config:',
    '        tags: [crm]',
    '    - {name: flow}',
  ].join('\n');

  it('inserts nested keys under an entry, indented as its keys', () => {
    expect(yamlEntryInsert(yaml, 3, ['meta', 'owner'], 'sales', ['meta'])).toEqual({
      line: 3,
      text: '    - name: orders # four-space lists are fine\n      meta:\n        owner: sales',
    });
  });

  it('refuses when the entry already has the top key, looking only at that entry', () => {
    expect(yamlEntryInsert(yaml, 5, ['config', 'meta', 'owner'], 'crm', ['config'])).toBeNull();
    expect(yamlEntryInsert(yaml, 3, ['config', 'meta', 'owner'], 'sales', ['config'])).not.toBeNull();
  });

  it('refuses flow-style entries and lines that are not an entry', () => {
    expect(yamlEntryInsert(yaml, 8, ['meta', 'owner'], 'x', ['meta'])).toBeNull();
    expect(yamlEntryInsert(yaml, 4, ['meta', 'owner'], 'x', ['meta'])).toBeNull();
    expect(yamlEntryInsert(yaml, 99, ['meta', 'owner'], 'x', ['meta'])).toBeNull();
  });

  it('puts a config() block above a SQL model without one, and not into one that has it', () => {
    expect(sqlConfigMeta('select 1\n', ['owner'], "o'neil")).toEqual({
      line: 1,
      text: "{{ config(meta={'owner': 'o\\'neil'}) }}\nselect 1",
    });
    expect(sqlConfigMeta("{{ config(materialized='table') }}\nselect 1\n", ['owner'], 'x')).toBeNull();
  });

  it('quotes YAML scalars only when they would read as something else', () => {
    expect(yamlScalar('sales')).toBe('sales');
    expect(yamlScalar('product analytics')).toBe('product analytics');
    expect(yamlScalar('yes')).toBe('"yes"');
    expect(yamlScalar('team: a')).toBe('"team: a"');
  });
});
