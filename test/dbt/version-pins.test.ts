// dbt-core pins in a repository's Python dependency files (version-pins.ts): the version `manifest` writes by default.
import { dbtCorePins } from '../../src/dbt/version-pins.js';

const versions = (name: string, text: string) => dbtCorePins(name, text).map((p) => [p.version, p.line]);

describe('dbt-core pins', () => {
  it('reads exact and one-minor pins of requirement lines, not ranges, other packages or comments', () => {
    const text = [
      '# dbt-core==1.5.0',
      'dbt-snowflake==1.9.1',
      'dbt-core==1.9.4  # the warehouse',
      'DBT_Core == 1.8.*',
      'dbt-core~=1.10.2',
      'dbt-core~=1.10',
      'dbt-core>=1.7,<2',
      'my-dbt-core==1.2.0',
      'dbt-core==2.0.0',
      '',
    ].join('\n');
    expect(versions('requirements.txt', text)).toEqual([
      ['1.9.4', 3],
      ['1.8', 4],
      ['1.10', 5],
    ]);
  });

  it('reads pyproject dependencies, poetry tables, Pipfiles and Dockerfiles', () => {
    expect(versions('pyproject.toml', '[project]\ndependencies = [\n  "dbt-core==1.11.2",\n]\n')).toEqual([
      ['1.11.2', 3],
    ]);
    expect(versions('pyproject.toml', '[tool.poetry.dependencies]\ndbt-core = "1.10.4"\n')).toEqual([['1.10.4', 2]]);
    expect(versions('pyproject.toml', '[tool.poetry.dependencies]\ndbt-core = "~1.9.0"\n')).toEqual([['1.9', 2]]);
    expect(versions('pyproject.toml', '[tool.poetry.dependencies]\ndbt-core = "^1.9.0"\n')).toEqual([]);
    expect(versions('Pipfile', '[packages]\ndbt-core = {version = "==1.8.7", extras = []}\n')).toEqual([['1.8.7', 2]]);
    expect(versions('Dockerfile', 'FROM python:3.11\nRUN pip install "dbt-core==1.12.4" dbt-duckdb\n')).toEqual([
      ['1.12.4', 2],
    ]);
  });

  it("reads a lock file's resolved version", () => {
    const uv =
      '[[package]]\nname = "dbt-adapters"\nversion = "1.14.6"\n\n[[package]]\nname = "dbt-core"\nversion = "1.10.13"\n';
    expect(versions('uv.lock', uv)).toEqual([['1.10.13', 5]]);
    const pipfile =
      '{\n  "default": {\n    "dbt-core": {\n      "hashes": [],\n      "version": "==1.9.8"\n    }\n  }\n}\n';
    expect(versions('Pipfile.lock', pipfile)).toEqual([['1.9.8', 3]]);
  });
});
