// dbt's model deprecation warnings at the end of its parse: a model past its deprecation_date, and the models
// that ref one, past or upcoming, each on its line.
import { deprecationWarnings } from '../../src/dbt/deprecations.js';
import { compileFiles } from './helpers.js';

const graph = compileFiles({
  'dbt_project.yml': "name: shop\nversion: '1'\nconfig-version: 2\n",
  'models/dim_v1.sql': 'select 1 as id',
  'models/dim_v2.sql': 'select 1 as id',
  'models/old.sql': 'select 1 as id',
  'models/props.yml': [
    'models:',
    '  - name: dim',
    '    latest_version: 1',
    '    versions:',
    '      - v: 1',
    '        deprecation_date: 2024-06-01',
    '      - v: 2',
    '        deprecation_date: 2099-01-01',
    '  - name: old',
    '    deprecation_date: 2024-01-01',
    '',
  ].join('\n'),
  'models/user.sql': "select * from {{ ref('dim') }}\njoin {{ ref('dim', v=2) }}\njoin {{ ref('old') }}",
});

describe('deprecation warnings', () => {
  it("warns of a model past its date, and of each ref to one, past or upcoming, as dbt's parse ends", () => {
    const warnings = deprecationWarnings(graph, '2025-01-01T12:00:00Z').map(
      (d) => `${d.code} ${d.file}:${d.line} ${d.message}`,
    );
    expect(warnings.sort()).toEqual([
      'deprecated-model models/props.yml:5 Model dim.v1 has passed its deprecation date of 2024-06-01T00:00:00+00:00. This model should be disabled or removed.',
      'deprecated-model models/props.yml:9 Model old has passed its deprecation date of 2024-01-01T00:00:00+00:00. This model should be disabled or removed.',
      "deprecated-reference models/user.sql:1 While compiling 'user': Found a reference to dim.v1, which was deprecated on '2024-06-01T00:00:00+00:00'.",
      "deprecated-reference models/user.sql:3 While compiling 'user': Found a reference to old, which was deprecated on '2024-01-01T00:00:00+00:00'.",
      "upcoming-deprecation models/user.sql:2 While compiling 'user': Found a reference to dim.v2, which is slated for deprecation on '2099-01-01T00:00:00+00:00'. A new version of 'dim' is available. Try it out: {{ ref('shop', 'dim', v='1') }}.",
    ]);
  });

  it('says nothing before any date has passed but the upcoming references', () => {
    const early = deprecationWarnings(graph, '2023-01-01T00:00:00Z').map((d) => d.code);
    expect(early).toEqual(['upcoming-deprecation', 'upcoming-deprecation', 'upcoming-deprecation']);
  });
});
