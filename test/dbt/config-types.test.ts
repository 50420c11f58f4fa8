// dbt checks a merged config against its config class (finalize_and_validate, jsonschema): `enabled: 'false'` (a
// quoted false, or a var or env var rendered as text) stops its parse, as dbt-project-evaluator's users found with
// `+enabled: "{{ env_var('ENABLE', 'true') }}"`. Found by a round on Fivetran's and Snowplow's var-driven packages.
import { compileFiles, node } from './helpers.js';

const project = [
  'name: app',
  'version: "1"',
  'config-version: 2',
  'models:',
  '  app:',
  '    a:',
  "      +enabled: \"{{ env_var('ENABLE_A', 'true') }}\"",
  "      +full_refresh: \"{{ var('fr', 'false') }}\"",
  '    b:',
  '      +enabled: "{{ var(\'on\', true) }}"',
  '      +docs: {show: "false"}',
].join('\n');

describe('a config of another type than dbt declares', () => {
  const graph = compileFiles({
    'dbt_project.yml': project,
    'models/a/m_a.sql': 'select 1 as id',
    'models/b/m_b.sql': 'select 1 as id',
    'models/c/m_c.sql': "{{ config(enabled='false', materialized=true) }}select 1 as id",
    'models/c/m_d.sql': 'select 1 as id',
    'models/c/_c.yml': [
      'models:',
      '  - name: m_d',
      '    config: {schema: 5, meta: "str", tags: ["ok", 2]}',
      'sources:',
      '  - name: raw',
      '    tables:',
      '      - name: t',
      "        config: {enabled: \"{{ var('t_on', 'false') }}\"}",
      '      - name: u',
      '        config: {enabled: "{{ var(\'u_on\', false) }}"}',
    ].join('\n'),
  });
  const problems = graph.diagnostics
    .filter((d) => d.code === 'invalid-config')
    .map((d) => `${d.file}:${d.line} ${d.message.slice(0, d.message.indexOf(', so dbt stops'))}`);

  it('stops dbt: an error at the line that set it, naming the value and the type', () => {
    expect(problems.sort()).toEqual([
      "dbt_project.yml:11 `docs.show`: 'false' is not of type 'boolean'",
      "dbt_project.yml:7 `enabled`: 'true' is not of type 'boolean'",
      "dbt_project.yml:8 `full_refresh`: 'false' is not of type 'boolean', 'null'",
      "models/c/_c.yml:3 `meta`: 'str' is not of type 'object'",
      "models/c/_c.yml:3 `schema`: 5 is not of type 'string', 'null'",
      "models/c/_c.yml:3 `tags`: ['ok', 2] is not of type 'string', 'array' of strings",
      "models/c/_c.yml:7 `enabled`: 'false' is not of type 'boolean'",
      "models/c/m_c.sql:1 `enabled`: 'false' is not of type 'boolean'",
      "models/c/m_c.sql:1 `materialized`: True is not of type 'string'",
    ]);
  });

  it('leaves booleans alone, whether written or rendered from a var', () => {
    expect(node(graph, 'model.app.m_b').config.enabled).toBe(true);
    expect(Object.keys(graph.disabledResources ?? {})).toContain('source.app.raw.u');
  });
});
