// dbt-core pins in a repository's Python dependency files (version-pins.ts): the version `manifest` writes by default.
import { dbtCoreMentions, folderPin } from '../../src/dbt/version-pins.js';
import { adapterMentions, guessAdapter } from '../../src/dbt/adapter-guess.js';

const said = (name: string, text: string) => {
  const found = dbtCoreMentions(name, text);
  return found && { pins: found.pins.map((p) => [p.version, p.line]), unpinned: found.unpinned };
};

describe('dbt-core pins', () => {
  it('reads exact and one-minor pins; a range, an extra, a marker-free 2.x or a comment pins nothing', () => {
    expect(said('requirements.txt', 'dbt-snowflake==1.9.1\ndbt-core==1.9.4  # the warehouse\n')).toEqual({
      pins: [['1.9.4', 2]],
      unpinned: false,
    });
    // `==1.9` installs 1.9.0; `==1.9.*` and `~=1.9.0` take 1.9's newest.
    expect(said('requirements.txt', 'dbt-core==1.9')?.pins).toEqual([['1.9.0', 1]]);
    expect(said('requirements.txt', 'DBT_Core == 1.8.*')?.pins).toEqual([['1.8', 1]]);
    expect(said('requirements.txt', 'dbt-core~=1.10.2')?.pins).toEqual([['1.10', 1]]);
    for (const spec of [
      'dbt-core~=1.10',
      'dbt-core>=1.7,<2',
      'dbt-core[postgres]==1.9.4',
      'dbt-core==2.0.0',
      'dbt-core',
    ])
      expect(said('requirements.txt', spec)).toEqual({ pins: [], unpinned: true });
    expect(said('requirements.txt', '# dbt-core==1.5.0\nmy-dbt-core==1.2.0\ndbt-core-extra==1.1\n')).toBeNull();
    expect(said('requirements.txt', 'dbt-core>=1.10  # not dbt-core==1.5.0')).toEqual({ pins: [], unpinned: true });
  });

  it('reads pyproject dependencies, poetry tables, Pipfiles and Dockerfiles', () => {
    expect(said('pyproject.toml', '[project]\ndependencies = [\n  "dbt-core==1.11.2",\n]\n')?.pins).toEqual([
      ['1.11.2', 3],
    ]);
    expect(said('pyproject.toml', '[tool.poetry.dependencies]\ndbt-core = "1.10.4"\n')?.pins).toEqual([['1.10.4', 2]]);
    expect(said('pyproject.toml', '[tool.poetry.dependencies]\n"dbt-core" = "~1.9.0"\n')?.pins).toEqual([['1.9', 2]]);
    expect(said('pyproject.toml', '[tool.poetry.dependencies]\ndbt-core = "^1.9.0"\n')?.unpinned).toBe(true);
    expect(said('Pipfile', '[packages]\ndbt-core = {version = "==1.8.7", extras = []}\n')?.pins).toEqual([
      ['1.8.7', 2],
    ]);
    expect(said('Dockerfile', 'FROM python:3.11\nRUN pip install "dbt-core==1.12.4" dbt-duckdb\n')?.pins).toEqual([
      ['1.12.4', 2],
    ]);
    expect(said('Dockerfile', 'RUN pip install dbt-core==1.9.4 dbt-postgres==1.9.0\n')?.pins).toEqual([['1.9.4', 1]]);
    expect(said('Dockerfile', 'ARG V=1.9.4\nRUN pip install dbt-core==${V}\n')?.unpinned).toBe(true);
  });

  it("reads a lock file's resolved versions", () => {
    const uv =
      '[[package]]\nname = "dbt-adapters"\nversion = "1.14.6"\n\n[[package]]\nname = "dbt-core"\nversion = "1.10.13"\n';
    expect(said('uv.lock', uv)?.pins).toEqual([['1.10.13', 5]]);
    const pipfile =
      '{\n  "default": {\n    "dbt-core": {\n      "hashes": [],\n      "version": "==1.9.8"\n    }\n  }\n}\n';
    expect(said('Pipfile.lock', pipfile)?.pins).toEqual([['1.9.8', 3]]);
  });

  it("takes a folder's first file that names dbt-core, which pins only when it says one version", () => {
    const folder = (files: Record<string, string>) => folderPin((name) => files[name] ?? null);
    const lock = '[[package]]\nname = "dbt-core"\nversion = "1.10.13"\n';
    // The lock file (what was installed) before the requirement's range.
    expect(folder({ 'uv.lock': lock, 'requirements.txt': 'dbt-core>=1.10' })?.pin?.version).toBe('1.10.13');
    expect(folder({ 'requirements.txt': 'dbt-core>=1.10', Dockerfile: 'RUN pip install dbt-core==1.9.4' })).toEqual({
      pin: null,
    });
    const markers = 'dbt-core==1.9.4; python_version < "3.12"\ndbt-core==1.10.2; python_version >= "3.12"\n';
    expect(folder({ 'requirements.txt': markers })).toEqual({ pin: null });
    // An include may pin it elsewhere: not followed, so nothing is taken from farther away either.
    expect(folder({ 'requirements.txt': '-r ../base.txt\n' })).toEqual({ pin: null });
    expect(folder({ 'setup.py': 'setup(name="x")' })).toBeNull();
  });
});

describe('the adapter a repository installs', () => {
  it('reads adapter packages as requirements, images and lock entries name them, not comments or look-alikes', () => {
    const text = [
      'dbt-core==1.9.4',
      'dbt-athena-community==1.8.0  # the warehouse',
      '# dbt-duckdb for local runs',
      'dbt-metricflow[snowflake]==0.7',
      'sqlfluff-templater-dbt',
      'my-dbt-postgres-tools==1',
      'FROM ghcr.io/dbt-labs/dbt-Postgres:1.9.4',
    ].join('\n');
    expect(adapterMentions(text)).toEqual([
      { type: 'athena', written: 'dbt-athena-community', line: 2 },
      { type: 'postgres', written: 'dbt-Postgres', line: 7 },
    ]);
    expect(adapterMentions('[[package]]\nname = "dbt-fabricspark"\n')).toEqual([
      { type: 'fabricspark', written: 'dbt-fabricspark', line: 2 },
    ]);
  });

  it("takes the first file that names one: one adapter decides, several do not (Databricks' own dbt-spark aside)", () => {
    expect(
      guessAdapter([
        { name: 'requirements.txt', text: 'dbt-core==1.9\n' },
        { name: 'pyproject.toml', text: 'dependencies = ["dbt-databricks>=1.9", "dbt-spark[session]"]\n' },
        { name: 'Dockerfile', text: 'RUN pip install dbt-postgres\n' },
      ]),
    ).toEqual({ type: 'databricks', file: 'pyproject.toml', line: 1, written: 'dbt-databricks' });
    expect(guessAdapter([{ name: 'requirements.txt', text: 'dbt-duckdb\ndbt-snowflake\ndbt-duckdb\n' }])).toEqual({
      ambiguous: ['duckdb', 'snowflake'],
      file: 'requirements.txt',
    });
    expect(guessAdapter([{ name: 'requirements.txt', text: 'dbt-core==1.9.4\n' }])).toBeNull();
  });
});
