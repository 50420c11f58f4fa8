// Microbatch models (dbt 1.9+): dbt's parse checks their configs and turns a `begin` string into a datetime, which
// the manifest writes in ISO form, when the microbatch strategy is dbt's or the adapter's.
import { isoDatetime } from '../../src/dbt/microbatch.js';
import { manifestShape } from '../../src/dbt/manifest/manifest-shape.js';
import { compileFiles, diagnosticsOf, node } from './helpers.js';

const PROJECT = "name: shop\nversion: '1'\nconfig-version: 2\n";
const microbatch = (extra: string) =>
  `{{ config(materialized='incremental', incremental_strategy='microbatch', ${extra}) }}\nselect 1 as ts`;

describe('microbatch models', () => {
  it("write begin as Python's datetime.fromisoformat(...).isoformat() does", () => {
    expect(isoDatetime('2024-01-01')).toBe('2024-01-01T00:00:00');
    expect(isoDatetime('2024-01-01 10:30')).toBe('2024-01-01T10:30:00');
    expect(isoDatetime('2024-01-01T10:30:05.5Z')).toBe('2024-01-01T10:30:05.500000+00:00');
    expect(isoDatetime('2024-01-01T10:30:05-0500')).toBe('2024-01-01T10:30:05-05:00');
    expect(isoDatetime('20240101')).toBe('2024-01-01T00:00:00');
    expect(isoDatetime('2024-02-30')).toBeNull();
    expect(isoDatetime('yesterday')).toBeNull();
  });

  it('get begin as a datetime, unrendered_config as written; other models keep the string', () => {
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      'models/events.sql': microbatch("event_time='ts', begin='2022-10-31', batch_size='day'"),
      'models/plain.sql': "{{ config(materialized='incremental', begin='2022-10-31') }}\nselect 1 as ts",
    });
    expect(diagnosticsOf(graph)).toEqual([]);
    expect(node(graph, 'model.shop.events').config['begin']).toBe('2022-10-31T00:00:00');
    expect(node(graph, 'model.shop.events').unrendered_config?.['begin']).toBe('2022-10-31');
    expect(node(graph, 'model.shop.plain').config['begin']).toBe('2022-10-31');
  });

  it("stop dbt's parse without event_time, a valid begin or batch size: each an error", () => {
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      'models/a.sql': microbatch("begin='2022-10-31', batch_size='day'"),
      'models/b.sql': microbatch("event_time='ts', begin='soon', batch_size='week'"),
      'models/c.sql': microbatch(
        "event_time='ts', begin='2024-01-01', batch_size='day', lookback='2', concurrent_batches=1",
      ),
    });
    expect(graph.diagnostics.map((d) => `${d.code} ${d.file}:${d.line} ${d.message}`)).toEqual([
      "invalid-microbatch models/a.sql:1 Microbatch model 'a' must provide an 'event_time' (string) config that indicates the name of the event time column (dbt stops here)",
      "invalid-microbatch models/b.sql:1 Microbatch model 'b' must provide a 'begin' config of valid datetime (ISO format), but got: soon (dbt stops here)",
      "invalid-microbatch models/b.sql:1 Microbatch model 'b' must provide a 'batch_size' config that is one of hour, day, month, year, but got: week (dbt stops here)",
      "invalid-microbatch models/c.sql:1 Microbatch model 'c' must provide the optional 'lookback' config as type int, but got: \"2\" (dbt stops here)",
      "invalid-microbatch models/c.sql:1 Microbatch model 'c' optional 'concurrent_batches' config must be of type bool if specified, but got: 1 (dbt stops here)",
    ]);
  });

  it('take a bool lookback as an int, and refuse a begin that is a YAML date or a number', () => {
    const graph = compileFiles({
      'dbt_project.yml': `${PROJECT}models:\n  shop:\n    dated:\n      +begin: 2024-01-01\n`,
      'models/dated/d.sql': microbatch("event_time='ts', batch_size='day'"),
      'models/n.sql': microbatch("event_time='ts', begin=20240101, batch_size='day', lookback=true"),
    });
    expect(graph.diagnostics.map((d) => `${d.file} ${d.message}`)).toEqual([
      "models/dated/d.sql Microbatch model 'd' must provide a 'begin' config of type datetime, but got: a date (dbt stops here)",
      "models/n.sql Microbatch model 'n' must provide a 'begin' config of type datetime, but got: number (dbt stops here)",
    ]);
  });

  it("are left as written under a project's own microbatch strategy, and before dbt 1.9", () => {
    const files = {
      'dbt_project.yml': PROJECT,
      'models/events.sql': microbatch("event_time='ts', begin='2022-10-31', batch_size='day'"),
    };
    const custom = compileFiles({
      ...files,
      'macros/microbatch.sql': '{% macro get_incremental_microbatch_sql(arg_dict) %}select 1{% endmacro %}',
    });
    expect(node(custom, 'model.shop.events').config['begin']).toBe('2022-10-31');
    const old = compileFiles(files, { dbtVersion: manifestShape('1.8.7')!.version });
    expect(node(old, 'model.shop.events').config['begin']).toBe('2022-10-31');
  });
});
