// `dbt-steward manifest DIR`: compiles a project without dbt and prints its manifest.json (dbt v12 field
// names); with `--manifest FILE`, reads a manifest dbt wrote and prints it normalised the same way.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { manifestJson, type ManifestTarget } from '../dbt/manifest/manifest.js';
import { MANIFEST_V12_SINCE, manifestShape } from '../dbt/manifest/manifest-shape.js';
import type { Graph } from '../dbt/types.js';
import { COMPILE_OPTION_SPECS, compileOptions } from './compile-options.js';
import { compileFolder } from './compile-folder.js';
import { findAdapterGuess, findDbtVersionPin } from './version-pin.js';
import { deprecationWarnings } from '../dbt/deprecations.js';
import { EXIT_OK, type Io, messageOf, UsageError, writeDiagnostics } from './io.js';

export async function manifestCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...COMPILE_OPTION_SPECS, manifest: { type: 'string' }, 'dbt-version': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 1) throw new UsageError(`manifest takes one folder, got: ${positionals.join(' ')}`);
  const dir = positionals[0];

  let graph: Graph;
  // A manifest read from a file names its own relations: no profile is read for it.
  const options = compileOptions(values.manifest === undefined ? values : { ...values, 'profiles-dir': undefined }, io);
  const version = values['dbt-version'];
  let shape = version === undefined ? undefined : manifestShape(version);
  if (shape === null) throw new UsageError(`--dbt-version takes a dbt version such as 1.12 or 1.11.4, got: ${version}`);
  // Without --dbt-version, the version the project's repository pins: the manifest its own dbt writes.
  const pin =
    shape === undefined && values.manifest === undefined && dir !== undefined
      ? findDbtVersionPin(resolve(io.cwd, dir))
      : null;
  // dbt before 1.8 wrote older manifest schemas, which `manifest` does not write: the default shape then.
  const pinnedShape = pin === null ? null : manifestShape(pin.version);
  const usable = pinnedShape !== null && pinnedShape.version >= MANIFEST_V12_SINCE;
  if (usable) shape = pinnedShape;
  if (values.manifest !== undefined) {
    if (dir !== undefined) throw new UsageError('give either a project folder or --manifest FILE, not both');
    graph = await readManifest(resolve(io.cwd, values.manifest), values.manifest, io);
  } else {
    if (dir === undefined) throw new UsageError('manifest needs a project folder: dbt-steward manifest DIR');
    // Seeds are read for their checksums, which the manifest prints.
    // The manifest lists the project's data tests too (other commands do not build them).
    // The dbt version decides how a config() call is recorded in unrendered_config (staticConfigStyle).
    const compile = { ...options, tests: true, ...(shape ? { dbtVersion: shape.version } : {}) };
    // Without --target-type (or a profiles.yml naming one), the adapter the repository installs.
    const guess = options.target?.type === undefined ? findAdapterGuess(resolve(io.cwd, dir)) : null;
    if (guess !== null) compile.adapterGuess = guess;
    graph = await compileFolder(dir, io, compile, { seedContents: true });
    // dbt ends its parse with the models past (or near) their deprecation date, compared with the time it runs.
    graph.diagnostics.push(...deprecationWarnings(graph, `${io.today()}T23:59:59Z`));
  }
  if (pin !== null)
    graph.diagnostics.unshift({
      code: 'dbt-version-pinned',
      severity: 'info',
      message: usable
        ? `written as dbt ${pin.version} writes it (\`${pin.written}\`; --dbt-version overrides)`
        : `\`${pin.written}\` pins a dbt older than 1.8, whose manifest (before v12) is not written: dbt 1.11.9+'s is`,
      file: pin.file,
      line: pin.line,
    });
  writeDiagnostics(io, graph.diagnostics);
  // Compact, as dbt writes manifest.json: a 5,000-model manifest is a third smaller and twice as fast to write.
  // The compile's target (the project's profiles.yml may name it); a manifest read from a file keeps the defaults.
  const target: ManifestTarget = {
    schema: graph.target?.schema ?? 'public',
    database: graph.target?.database ?? 'analytics',
    type: graph.target?.type ?? options.target?.type ?? 'postgres',
  };
  if (shape !== undefined) target.shape = shape;
  for (const chunk of manifestJson(graph, target)) io.stdout(chunk);
  io.stdout('\n');
  return EXIT_OK;
}

async function readManifest(path: string, shown: string, io: Io): Promise<Graph> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${shown} as JSON: ${messageOf(error)}`);
  }
  // Loaded on demand: reading a dbt manifest needs zod, compiling does not (it keeps `manifest DIR` quick to start).
  const { graphFromManifest } = await import('../dbt/manifest/manifest-input.js');
  const { graph, diagnostics } = graphFromManifest(json, shown);
  if (graph === null) throw new UsageError(`${shown} is not a dbt manifest.json`, diagnostics);
  writeDiagnostics(io, diagnostics);
  return graph;
}
