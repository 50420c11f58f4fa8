// Which package that the repository does not hold (dbt_packages/ is rarely committed) an unqualified ref names.
// dbt knows, having installed the packages; a compile without them can only infer it from packages.yml: the one
// dbt Hub package whose name the model's name carries (Fivetran's `stripe__invoices` is the `stripe` package's).
// Anything less certain stays unresolved: a typo is no package's model, and a git package's name is not known.

/** Hub packages of macros only: no ref names one of their models. */
export const MACRO_PACKAGES: ReadonlySet<string> = new Set([
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
  'dbt_unit_testing',
  'dbt_utils',
  'dbtvault',
  'fivetran_utils',
  'metrics',
  'snowplow_utils',
  'spark_utils',
  'tsql_utils',
]);

/**
 * The package of `hubPackages` that model `name` most likely belongs to, or null when that is not clear (also when
 * packages from elsewhere than dbt Hub, whose names are not known, are installed: `otherPackages`).
 */
export function likelyPackage(name: string, hubPackages: readonly string[], otherPackages = false): string | null {
  if (otherPackages) return null;
  const candidates = hubPackages.filter((pkg) => !MACRO_PACKAGES.has(pkg));
  const words = name.split('_').filter((word) => word !== '');
  const named = candidates.filter((pkg) => holdsRun(words, pkg.replace(/_source$/, '').split('_')));
  return named.length === 1 ? named[0]! : null;
}

/** Whether `run` appears in `words` as consecutive words. */
function holdsRun(words: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= words.length; i++) if (run.every((word, j) => words[i + j] === word)) return true;
  return false;
}
