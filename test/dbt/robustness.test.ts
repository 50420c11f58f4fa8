// Malformed input of every shape the compiler reads: it must never throw, and must keep what it can.
import { compileFiles, diagnosticsOf, node } from './helpers.js';
import { loadFixture } from '../support/load-fixture.js';

const PROJECT = 'name: shapes\nversion: "1.0"\n';

// [what, extra files, the diagnostics expected (`code file:line`), or null where dbt would fail but the compiler
// keeps what it can without a word (a known divergence)].
const cases: Array<[string, Record<string, string>, string[] | null]> = [
  ['an empty property file', { 'models/empty.yml': '' }, []],
  [
    'a property file that is a scalar',
    { 'models/scalar.yml': 'just text' },
    ['invalid-property-file models/scalar.yml:1'],
  ],
  ['a property file that is a list', { 'models/list.yml': '- a\n- b\n' }, ['invalid-property-file models/list.yml:1']],
  ['models: as a mapping', { 'models/map.yml': 'models:\n  ok: 1\n' }, ['invalid-property-file models/map.yml:1']],
  [
    'entries that are not mappings',
    { 'models/odd.yml': 'models:\n  - 1\n  - [a]\n  - name: ok\n    columns: 5\n' },
    ['invalid-property-entry models/odd.yml:2', 'invalid-property-entry models/odd.yml:3'],
  ],
  ['versions that are not a list', { 'models/v.yml': 'models:\n  - name: ok\n    versions: 3\n' }, null],
  ['versions without v', { 'models/v.yml': 'models:\n  - name: ok\n    versions:\n      - defined_in: ok\n' }, null],
  ['config as a list', { 'models/c.yml': 'models:\n  - name: ok\n    config: [1, 2]\n    meta: 7\n' }, null],
  [
    'an invalid access',
    { 'models/a.yml': 'models:\n  - name: ok\n    access: everyone\n' },
    ['invalid-access models/a.yml:3'],
  ],
  [
    'sources without tables',
    { 'models/s.yml': 'sources:\n  - name: raw\n  - name: other\n    tables: 3\n' },
    ['invalid-property-entry models/s.yml:3'],
  ],
  [
    'exposures with odd depends_on',
    { 'models/e.yml': 'exposures:\n  - name: e\n    depends_on: [3, "ref(", null]\n' },
    // dbt requires an exposure's owner, too.
    ['invalid-owner models/e.yml:2', 'jinja-syntax models/e.yml:3'],
  ],
  [
    'an unclosed Jinja expression',
    { 'models/broken.sql': "select {{ ref('ok') \n" },
    ['jinja-syntax models/broken.sql:1'],
  ],
  [
    'an unclosed block',
    { 'models/broken.sql': "{% if true %}\nselect * from {{ ref('ok') }}\n" },
    ['jinja-syntax models/broken.sql:1'],
  ],
  [
    'an unclosed snapshot',
    { 'snapshots/s.sql': "{% snapshot s %}\nselect * from {{ ref('ok') }}\n" },
    ['invalid-snapshot snapshots/s.sql:1'],
  ],
  ['a binary-looking file', { 'models/bin.sql': '\u0000\u0001\u0002{{\u0000}}' }, ['jinja-syntax models/bin.sql:1']],
  [
    'a Python model that does not parse',
    { 'models/py.py': 'def model(dbt, session:\n    dbt.ref(\n' },
    ['invalid-ref models/py.py:2'],
  ],
  ['a malformed packages.yml', { 'packages.yml': 'packages: [' }, ['yaml-syntax packages.yml:2']],
  [
    'a packages.yml naming a missing local package',
    { 'packages.yml': 'packages:\n  - local: ../nowhere\n' },
    ['missing-local-package packages.yml:2'],
  ],
  ['a doc block without end', { 'models/docs.md': '{% docs x %}\nno end' }, null],
  ['a model-paths list of numbers', { 'dbt_project.yml': `${PROJECT}model-paths: [1, 2]\n` }, null],
  [
    'a models: tree with odd values',
    { 'dbt_project.yml': `${PROJECT}models:\n  shapes:\n    +meta: 3\n    +tags: {a: 1}\n` },
    null,
  ],
];

describe('robustness', () => {
  it.each(cases)('does not throw on %s, and still compiles the model next to it', (_label, extra, expected) => {
    const files = { 'dbt_project.yml': PROJECT, 'models/ok.sql': 'select 1 as id\n', ...extra };
    const graph = compileFiles(files);
    if (!extra['dbt_project.yml']?.includes('model-paths')) {
      expect(node(graph, 'model.shapes.ok').original_file_path).toBe('models/ok.sql');
    }
    if (expected !== null) expect(diagnosticsOf(graph)).toEqual(expected);
  });
});

describe('determinism', () => {
  it.each(['manifest-shop', 'precedence', 'monorepo', 'sql-models'])(
    'compiles %s to the same graph whatever the order of the file map',
    (name) => {
      const files = loadFixture(name);
      const forward = compileFiles(files);
      const backward = compileFiles(new Map([...files].reverse()));
      const sortedDiagnostics = (g: typeof forward) => g.diagnostics.map((d) => JSON.stringify(d)).sort();
      expect(sortedDiagnostics(backward)).toEqual(sortedDiagnostics(forward));
      expect({ ...backward, diagnostics: [] }).toEqual({ ...forward, diagnostics: [] });
    },
  );
});
