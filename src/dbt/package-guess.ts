// Which package that the repository does not hold (dbt_packages/ is rarely committed) an unqualified ref names.
// dbt knows, having installed the packages; a compile without them can only infer it from packages.yml: the one
// dbt Hub package that has models, or the one whose name the model's name carries (Fivetran's `stripe__invoices`
// is the `stripe` package's). Anything less certain stays unresolved.

/** Hub packages of macros only: no ref names one of their models. */
const MACRO_PACKAGES = new Set([
  'audit_helper',
  'automate_dv',
  'codegen',
  'datavault4dbt',
  'dbt_constraints',
  'dbt_date',
  'dbt_expectations',
  'dbt_external_tables',
  'dbt_meta_testing',
  'dbt_profiler',
  'dbt_utils',
  'dbtvault',
  'fivetran_utils',
  'metrics',
  'snowplow_utils',
  'spark_utils',
  'tsql_utils',
]);

/** The package of `hubPackages` that model `name` most likely belongs to, or null when that is not clear. */
export function likelyPackage(name: string, hubPackages: readonly string[]): string | null {
  const candidates = hubPackages.filter((pkg) => !MACRO_PACKAGES.has(pkg));
  if (candidates.length === 1) return candidates[0]!;
  const words = name.split('_').filter((word) => word !== '');
  const named = candidates.filter((pkg) => holdsRun(words, pkg.replace(/_source$/, '').split('_')));
  return named.length === 1 ? named[0]! : null;
}

/** Whether `run` appears in `words` as consecutive words. */
function holdsRun(words: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= words.length; i++) if (run.every((word, j) => words[i + j] === word)) return true;
  return false;
}
