import { scanPython } from '../../../src/dbt/jinja/index.js';
import { context } from './helpers.js';

describe('scanPython', () => {
  it('records dbt.ref, dbt.source and dbt.config calls with their lines', () => {
    const py = [
      'def model(dbt, session):',
      '    dbt.config(materialized="table", tags=["a"], meta={"owner": "x", "n": 1.5}, enabled=True, alias=None)',
      '    orders = dbt.ref("orders")',
      "    rev = dbt.ref('finance', 'revenue', v=2)",
      '    v3 = dbt.ref("orders", version="3")',
      '    pay = dbt.source("stripe", "payments")',
      '    return orders',
    ].join('\n');
    expect(scanPython(py, context())).toEqual({
      refs: [
        { name: 'orders', package: null, version: null, line: 3, certainty: 'static' },
        { name: 'revenue', package: 'finance', version: 2, line: 4, certainty: 'static' },
        { name: 'orders', package: null, version: '3', line: 5, certainty: 'static' },
      ],
      sources: [{ source: 'stripe', table: 'payments', line: 6, certainty: 'static' }],
      configs: [
        {
          values: { materialized: 'table', tags: ['a'], meta: { owner: 'x', n: 1.5 }, enabled: true, alias: null },
          line: 2,
        },
      ],
      macros: [],
      diagnostics: [],
    });
  });

  it('ignores calls in comments and in strings, docstrings included', () => {
    const py = [
      '"""Uses dbt.ref("in_docstring")."""',
      '# dbt.ref("commented")',
      'x = \'dbt.ref("in_string")\'',
      'def model(dbt, s):',
      '    return dbt.ref("real")',
    ].join('\n');
    expect(scanPython(py, context()).refs.map((r) => [r.name, r.line])).toEqual([['real', 5]]);
  });

  it("records calls in an f-string's replacement fields, as dbt's AST walk does, not in its text or format spec", () => {
    const py = [
      'def model(dbt, session):',
      '    first = dbt.ref("first")',
      "    q = f\"select * from {dbt.ref('events')} where {{x}} = 'dbt.ref(\\\"text\\\")' and {dbt.source('raw', 'orders')!s:>10}\"",
      "    multi = f'''",
      '    {dbt.ref("later")}',
      "    '''",
      '    return first',
    ].join('\n');
    const scan = scanPython(py, context());
    expect(scan.refs.map((r) => [r.name, r.line])).toEqual([
      ['first', 2],
      ['events', 3],
      ['later', 5],
    ]);
    expect(scan.sources.map((s) => [s.source, s.table, s.line])).toEqual([['raw', 'orders', 3]]);
  });

  it('keeps lines right after a multi-line triple-quoted string', () => {
    const py = `'''\none\ntwo\n'''\ndbt.ref("a")`;
    expect(scanPython(py, context()).refs.map((r) => r.line)).toEqual([5]);
  });

  it('reports a ref with a non-literal argument as dynamic-ref', () => {
    const r = scanPython('def model(dbt, s):\n    name = "x"\n    return dbt.ref(name)', context());
    expect(r.refs).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: 'dynamic-ref',
        severity: 'warning',
        line: 3,
        message: expect.stringContaining('dbt.ref(name)'),
      }),
    ]);
  });

  it('drops a config kwarg that is not a literal and keeps the others', () => {
    const r = scanPython('dbt.config(materialized="table", packages=get_packages(), schema="s" + suffix)', context());
    expect(r.configs).toEqual([{ values: { materialized: 'table' }, line: 1 }]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unevaluated-config', 'unevaluated-config']);
  });

  it('does not mistake other objects for dbt calls', () => {
    const r = scanPython('y = self.dbt.ref("no")\nz = notdbt.ref("no")', context());
    expect(r).toEqual({ refs: [], sources: [], configs: [], macros: [], diagnostics: [] });
  });

  it("records the keys dbt.config.get() reads and their defaults as dbt's PythonParser does: one config() after the others", () => {
    const py = [
      'def model(dbt, session):',
      '    dbt.config(materialized="table")',
      '    a = dbt.config.get("param_1")',
      '    b = dbt.config.get("param_2", "default")',
      '    c = dbt.config.get("param_3", [1, 2])',
      '    return dbt.ref("orders")',
    ].join('\n');
    const r = scanPython(py, context());
    expect(r.configs).toEqual([
      { values: { materialized: 'table' }, line: 2 },
      {
        values: {
          config_keys_used: ['param_1', 'param_2', 'param_3'],
          config_keys_defaults: [null, 'default', [1, 2]],
        },
        line: 3,
      },
    ]);
    expect(r.refs.map((ref) => ref.name)).toEqual(['orders']);
  });

  it('reads calls spread over several lines with trailing commas', () => {
    const r = scanPython('df = dbt.source(\n    "s",\n    "t",\n)\n', context());
    expect(r.sources).toEqual([{ source: 's', table: 't', line: 1, certainty: 'static' }]);
  });

  it('reads a parenthesised value as the value and only a comma as a tuple, as ast.literal_eval does', () => {
    // A real dbt 1.11 manifest: `merge_update_condition=("... <> ...")` is a string, not a list.
    const r = scanPython('dbt.config(a=("x"), b=("x " "y"), c=("x",), d=(1), e=((2)), f=(), g=(1, 2))', context());
    expect(r.configs).toEqual([{ values: { a: 'x', b: 'x y', c: ['x'], d: 1, e: 2, f: [], g: [1, 2] }, line: 1 }]);
  });

  it('gives up on absurdly nested literals without throwing', () => {
    const r = scanPython(`dbt.config(a=${'['.repeat(5000)}${']'.repeat(5000)}, b="x")\ndbt.ref("after")`, context());
    expect(r.refs.map((x) => x.name)).toEqual(['after']);
    expect(r.configs).toEqual([{ values: { b: 'x' }, line: 1 }]);
  });
});
