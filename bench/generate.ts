// Writes a synthetic dbt project of N models for the benchmark: deterministic (seeded), shaped like a real
// data-mesh project (teams, staging/intermediate/marts folders, one property file per folder, sources, a DAG of
// refs, some `config()` blocks and `{% if %}` refs), plus a "changed" copy where a few models change.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const TEAMS = ['core', 'marketing', 'finance', 'product', 'sales', 'support', 'growth', 'ops'];
const LAYERS = ['staging', 'intermediate', 'marts'] as const;
const PREFIX: Record<(typeof LAYERS)[number], string> = { staging: 'stg', intermediate: 'int', marts: 'fct' };
const MODELS_PER_FOLDER = 100;
const TABLES_PER_SOURCE = 20;

/** A small seeded PRNG (mulberry32): the same seed gives the same project on every machine. */
export function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ModelSpec {
  index: number;
  name: string;
  team: string;
  layer: (typeof LAYERS)[number];
  folder: string;
  refs: number[];
  conditionalRef: number | null;
  source: string | null;
  hasConfig: boolean;
  columns: string[];
  isPublic: boolean;
}

/**
 * The project's model specs. Folder f holds models [f*100, f*100+100); its team and layer cycle. Refs go to
 * earlier models of the same folder, or (sometimes, and always for a folder's first model) to an earlier public
 * model, possibly of another team: the DAG of a data mesh, where teams share through public models.
 */
function planModels(count: number, random: () => number): ModelSpec[] {
  const pick = (n: number): number => Math.floor(random() * n);
  const specs: ModelSpec[] = [];
  const publicModels: number[] = [];
  for (let index = 0; index < count; index++) {
    const folderIndex = Math.floor(index / MODELS_PER_FOLDER);
    const team = TEAMS[folderIndex % TEAMS.length] ?? 'core';
    const layer = LAYERS[Math.floor(folderIndex / TEAMS.length) % LAYERS.length] ?? 'marts';
    const folderStart = folderIndex * MODELS_PER_FOLDER;
    const refs = new Set<number>();
    const wanted = 1 + pick(4);
    for (let k = 0; k < wanted; k++) {
      const local = index > folderStart && random() < 0.85;
      if (local) refs.add(folderStart + pick(index - folderStart));
      else if (publicModels.length > 0) refs.add(publicModels[pick(publicModels.length)] ?? 0);
    }
    const spec: ModelSpec = {
      index,
      name: `${PREFIX[layer]}_${team}_${String(index).padStart(5, '0')}`,
      team,
      layer,
      folder: `models/${team}/${layer}/part_${String(folderIndex).padStart(3, '0')}`,
      refs: [...refs].sort((a, b) => a - b),
      conditionalRef: index > folderStart && random() < 0.1 ? folderStart + pick(index - folderStart) : null,
      source:
        layer === 'staging' || refs.size === 0 ? `source('raw_${team}', 'table_${pick(TABLES_PER_SOURCE)}')` : null,
      hasConfig: random() < 0.25,
      columns: Array.from({ length: 3 + pick(4) }, (_, c) => `col_${c}`),
      isPublic: layer === 'marts' && random() < 0.3,
    };
    if (spec.isPublic) publicModels.push(index);
    specs.push(spec);
  }
  return specs;
}

function modelSql(spec: ModelSpec, specs: ModelSpec[], extraColumn: string | null): string {
  const name = (i: number): string => specs[i]?.name ?? spec.name;
  const lines: string[] = [];
  if (spec.hasConfig) lines.push(`{{ config(materialized='table', tags=['${spec.team}', 'nightly']) }}`, '');
  lines.push(`-- ${spec.name}: synthetic model of team ${spec.team}.`, 'with');
  const ctes = spec.refs.map((i, k) => `cte_${k} as (\n    select * from {{ ref('${name(i)}') }}\n)`);
  if (spec.source) ctes.push(`src as (\n    select * from {{ ${spec.source} }}\n)`);
  lines.push(ctes.join(',\n\n'), '');
  const from = spec.refs.length > 0 ? 'cte_0' : 'src';
  const columns = spec.columns.map((column) => `    ${from}.id as ${column}`);
  if (extraColumn) columns.push(`    ${from}.id as ${extraColumn}`);
  lines.push('select', columns.join(',\n'), `from ${from}`);
  if (spec.conditionalRef !== null) {
    lines.push(
      "{% if target.name == 'prod' %}",
      `left join {{ ref('${name(spec.conditionalRef)}') }} as extra on extra.id = ${from}.id`,
      '{% endif %}',
    );
  }
  return lines.join('\n') + '\n';
}

function propertyEntry(spec: ModelSpec, description: string, extraColumn: string | null): string {
  const out = [
    `  - name: ${spec.name}`,
    `    description: ${description}`,
    '    config:',
    ...(spec.isPublic ? ['      access: public', '      contract:', '        enforced: true'] : []),
    '      meta:',
    '        data_governance:',
    '          model:',
    `            team_owner: ${spec.team}`,
    `            lifecycle: ${spec.layer === 'marts' ? 'production' : 'testing'}`,
    '            pii: false',
    '    columns:',
  ];
  for (const column of [...spec.columns, ...(extraColumn ? [extraColumn] : [])]) {
    out.push(
      `      - name: ${column}`,
      `        description: Column ${column} of ${spec.name}.`,
      '        data_type: int',
    );
  }
  return out.join('\n');
}

function projectFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const teams = TEAMS.map(
    (team) =>
      `    ${team}:\n      +group: ${team}\n      +meta:\n        data_observability:\n` +
      `          notification_channel: '#${team}-alerts'\n      staging:\n        +access: private\n`,
  );
  files.set(
    'dbt_project.yml',
    `name: bench_shop\nversion: '1.0.0'\nconfig-version: 2\nprofile: bench_shop\nmodel-paths: ['models']\n` +
      `vars:\n  start_date: '2024-01-01'\nmodels:\n  bench_shop:\n    +materialized: view\n${teams.join('')}`,
  );
  files.set(
    'models/groups.yml',
    `version: 2\ngroups:\n${TEAMS.map((t) => `  - name: ${t}\n    owner:\n      name: Team ${t}\n`).join('')}`,
  );
  files.set(
    '.github/dbt-steward.yml',
    `ownership:\n  meta_keys: [data_governance.model.team_owner]\nteams:\n` +
      TEAMS.map((t) => `  ${t}:\n    github_team: ${t}-data\n`).join('') +
      `required_meta:\n  - key: data_governance.model.lifecycle\n    allowed_values: [testing, production]\n`,
  );
  for (const team of TEAMS) {
    const tables = Array.from({ length: TABLES_PER_SOURCE }, (_, t) => `      - name: table_${t}\n`).join('');
    files.set(
      `models/${team}/_${team}__sources.yml`,
      `version: 2\nsources:\n  - name: raw_${team}\n    schema: raw_${team}\n    meta:\n      owner: ${team}\n    tables:\n${tables}`,
    );
  }
  return files;
}

export interface GenerateOptions {
  models: number;
  seed?: number;
  /** How many models change in the "changed" copy (SQL and property entry). */
  changes?: number;
}

/** The files of the project and of its changed copy (path -> text). */
export function generateFiles(options: GenerateOptions): { base: Map<string, string>; head: Map<string, string> } {
  const random = makeRandom(options.seed ?? 42);
  const specs = planModels(options.models, random);
  const changeCount = Math.min(options.changes ?? 20, specs.length);
  const changed = new Set<number>();
  while (changed.size < changeCount) changed.add(Math.floor(random() * specs.length));

  const build = (withChanges: boolean): Map<string, string> => {
    const files = projectFiles();
    const folders = new Map<string, string[]>();
    for (const spec of specs) {
      const isChanged = withChanges && changed.has(spec.index);
      const extra = isChanged ? 'changed_col' : null;
      const description = isChanged
        ? `Synthetic ${spec.layer} model ${spec.index} of ${spec.team}, revised in the pull request.`
        : `Synthetic ${spec.layer} model ${spec.index} of ${spec.team}.`;
      files.set(`${spec.folder}/${spec.name}.sql`, modelSql(spec, specs, extra));
      const entries = folders.get(spec.folder) ?? [];
      entries.push(propertyEntry(spec, description, extra));
      folders.set(spec.folder, entries);
    }
    for (const [folder, entries] of folders) {
      const file = `${folder}/_${folder.split('/').pop() ?? 'models'}__models.yml`;
      files.set(file, `version: 2\n\nmodels:\n${entries.join('\n\n')}\n`);
    }
    return files;
  };
  return { base: build(false), head: build(true) };
}

/** Writes a file map under `dir`, replacing whatever was there. */
export function writeFiles(dir: string, files: Map<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of files) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

/** Generates the project into `baseDir` and its changed copy into `headDir`. */
export function generateProject(baseDir: string, headDir: string, options: GenerateOptions): void {
  const { base, head } = generateFiles(options);
  writeFiles(baseDir, base);
  writeFiles(headDir, head);
}
