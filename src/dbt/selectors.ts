// The root project's selectors.yml as dbt writes it in manifest.json's `selectors`: the file rendered (every string
// value, with `--vars`, env_var and target, as dbt_project.yml), then each definition normalised as dbt's
// SelectorDict.parse_from_selectors_list does (string specs into dicts, `{tag: x}` into `{method, value}`,
// `method: selector` replaced by the definition it names). What dbt's selector validation refuses (dbt stops) is an
// error diagnostic; the rest of the file is still written.
import type { Diagnostic, FileMap } from './types.js';
import { normaliseText } from './text.js';
import { isRecord, loadYamlFile } from './yaml/yaml.js';

/** dbt's selector methods (MethodName), `selector` included (dbt 1.12+). */
const METHODS = new Set([
  'fqn',
  'tag',
  'group',
  'access',
  'source',
  'path',
  'file',
  'package',
  'config',
  'test_name',
  'test_type',
  'resource_type',
  'state',
  'exposure',
  'metric',
  'result',
  'source_status',
  'wildcard',
  'version',
  'semantic_model',
  'saved_query',
  'unit_test',
  'selector',
]);
const ENTRY_KEYS = new Set(['name', 'definition', 'description', 'default']);
const FILE_KEYS = new Set(['selectors', 'version']);

// dbt's RAW_SELECTOR_PATTERN: `[@][n+]method:value[+n]`, its named groups in this order.
const SPEC =
  /^(?<childrens_parents>(?<childrens_parents_depth>\d*)@)?(?<parents>(?<parents_depth>\d*)\+)?(?:(?<method>[\p{L}\p{N}_.]+):)?(?<value>.*?)(?<children>\+(?<children_depth>\d*))?$/u;
const FLAGS = new Set(['childrens_parents', 'parents', 'children']);

type Defined = Map<string, Record<string, unknown>>;

/** Beside a project's dbt_project.yml (dbt reads no `selectors.yaml`). */
const SELECTORS_FILE = 'selectors.yml';

/**
 * The selectors of the compile's first root project (the manifest's), null when it has none; every root project's
 * selectors.yml is checked, as `dbt parse` run in that project would (a package's is never read).
 */
export function projectSelectors(
  files: FileMap,
  roots: string[],
  renderFor: (file: string) => (value: unknown, line: number) => unknown,
  diagnostics: Diagnostic[],
): Record<string, unknown> | null {
  let first: Record<string, unknown> | null = null;
  roots.forEach((root, index) => {
    const file = root === '' ? SELECTORS_FILE : `${root}/${SELECTORS_FILE}`;
    const text = files.get(file);
    if (text === undefined) return;
    const read = readSelectors(normaliseText(text), file, renderFor(file));
    diagnostics.push(...read.diagnostics);
    if (index === 0 && Object.keys(read.selectors).length > 0) first = read.selectors;
  });
  return first;
}

export function readSelectors(
  text: string,
  file: string,
  render: (value: unknown, line: number) => unknown,
): { selectors: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const loaded = loadYamlFile(text, file);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const selectors: Record<string, unknown> = {};
  const data = loaded.value;
  if (loaded.diagnostics.length > 0 || data === null || data === undefined) return { selectors, diagnostics };
  const lines = loaded.lines;
  const refuse = (message: string, line: number) =>
    diagnostics.push({ code: 'invalid-selector', severity: 'error', message, file, line });
  const list = isRecord(data) ? data['selectors'] : undefined;
  if (!isRecord(data) || !Array.isArray(list)) {
    refuse('selectors.yml needs a `selectors:` list (dbt stops here)', 1);
    return { selectors, diagnostics };
  }
  for (const key of Object.keys(data))
    if (!FILE_KEYS.has(key)) refuse(`selectors.yml: unexpected key \`${key}\` (dbt stops here)`, lines.key(data, key));

  const defined: Defined = new Map();
  let defaultName: string | null = null;
  list.forEach((item, index) => {
    const line = lines.item(list, index);
    const entry = render(item, line);
    const name = isRecord(entry) ? entry['name'] : undefined;
    if (!isRecord(entry) || typeof name !== 'string' || !('definition' in entry)) {
      refuse('a selector needs a `name` and a `definition` (dbt stops here)', line);
      return;
    }
    const extra = Object.keys(entry).filter((key) => !ENTRY_KEYS.has(key));
    if (extra.length > 0)
      refuse(`selector \`${name}\` has unexpected keys: ${extra.join(', ')} (dbt stops here)`, line);
    if ('default' in entry && typeof entry['default'] !== 'boolean')
      refuse(`selector \`${name}\`: \`default\` is true or false (dbt stops here)`, line);
    if ('description' in entry && typeof entry['description'] !== 'string')
      refuse(`selector \`${name}\`: \`description\` is text (dbt stops here)`, line);
    if (entry['default'] === true) {
      if (defaultName !== null)
        refuse(`selectors \`${defaultName}\` and \`${name}\` are both \`default: true\` (dbt stops here)`, line);
      else defaultName = name;
    }
    const definition = entry['definition'];
    const problems: string[] = [];
    if (typeof definition !== 'string' && !isRecord(definition))
      problems.push(
        `a definition is a string or a mapping, not ${Array.isArray(definition) ? 'a list' : String(definition)}`,
      );
    else if (isRecord(definition) && ('union' in definition || 'intersection' in definition)) {
      if (Object.keys(definition).length > 1)
        problems.push('a root `union` or `intersection` takes no other key beside it');
    }
    // `defined` holds the selectors above only: dbt reads the file top to bottom.
    const normalised = normalise(definition, defined, problems);
    for (const problem of problems) refuse(`selector \`${name}\`: ${problem} (dbt stops here)`, line);
    // Python dict semantics: a repeated name keeps its first place and takes the last entry.
    const written = { ...entry, definition: normalised };
    selectors[name] = written;
    defined.set(name, written);
  });
  return { selectors, diagnostics };
}

/** SelectorDict.parse_from_definition. */
function normalise(definition: unknown, defined: Defined, problems: string[]): unknown {
  if (typeof definition === 'string') return specDict(definition, problems);
  if (!isRecord(definition)) return definition;
  if ('union' in definition) return setOperation('union', definition, defined, problems);
  if ('intersection' in definition) return setOperation('intersection', definition, defined, problems);
  return dictDefinition(definition, defined, problems);
}

/** SelectorDict.parse_a_definition: the members of a union or intersection (other keys beside it dropped). */
function setOperation(
  kind: 'union' | 'intersection',
  definition: Record<string, unknown>,
  defined: Defined,
  problems: string[],
): Record<string, unknown> {
  const members = Array.isArray(definition[kind]) ? (definition[kind] as unknown[]) : [];
  const excludes = members.filter((m) => isRecord(m) && Object.keys(m)[0] === 'exclude').length;
  if (excludes > 1) problems.push(`a \`${kind}\` takes one \`exclude\` at most`);
  return {
    [kind]: members.map((member) =>
      typeof member === 'string' ? specDict(member, problems) : normalise(member, defined, problems),
    ),
  };
}

/** SelectorDict.parse_dict_definition: only the mapping's first key decides. */
function dictDefinition(definition: Record<string, unknown>, defined: Defined, problems: string[]): unknown {
  const keys = Object.keys(definition);
  const key = keys[0];
  if (key === undefined) {
    problems.push('an empty mapping selects nothing');
    return definition;
  }
  let value = definition[key];
  if (Array.isArray(value)) value = value.map((item) => normalise(item, defined, problems));
  if (key === 'exclude') return { exclude: value };
  if (keys.length === 1) {
    checkMethod(key, problems);
    return { method: key, value };
  }
  if (!('method' in definition) || !('value' in definition))
    problems.push('a mapping is `{method: ..., value: ...}` or one `method: value` pair');
  else checkMethod(String(definition['method']), problems);
  checkCriteria(definition, defined, problems);
  // Only a mapping that starts with `method: selector` is replaced (dbt's SelectorDict); any order is checked.
  if (key === 'method' && value === 'selector') {
    const target = defined.get(String(definition['value']));
    return target === undefined ? definition : structuredClone(target['definition']);
  }
  return definition;
}

const INDIRECT_SELECTION = new Set(['eager', 'cautious', 'buildable', 'empty']);
const DEPTHS = ['parents_depth', 'children_depth'];

/** Python's truthiness of a YAML value. */
const truthy = (value: unknown): boolean =>
  !(value === null || value === undefined || value === false || value === 0 || value === '') &&
  !(Array.isArray(value) && value.length === 0) &&
  !(isRecord(value) && Object.keys(value).length === 0);

/** What dbt's _match_to_int takes: nothing (a falsy value), or what Python's int() reads. */
const isDepth = (value: unknown): boolean =>
  !truthy(value) ||
  typeof value === 'number' ||
  typeof value === 'boolean' ||
  (typeof value === 'string' && /^\s*[+-]?\d(?:_?\d)*\s*$/.test(value));

/** What dbt's SelectionCriteria refuses in a `{method, value, ...}` mapping, and its `exclude` list. */
function checkCriteria(definition: Record<string, unknown>, defined: Defined, problems: string[]): void {
  if (definition['method'] === 'selector' && !defined.has(String(definition['value'])))
    problems.push(`\`method: selector\` names \`${String(definition['value'])}\`, which no selector above defines`);
  if (truthy(definition['children']) && truthy(definition['childrens_parents']))
    problems.push('`childrens_parents` and `children` do not go together');
  const indirect = definition['indirect_selection'];
  if (indirect !== undefined && !INDIRECT_SELECTION.has(String(indirect)))
    problems.push(`\`indirect_selection: ${String(indirect)}\` is none of ${[...INDIRECT_SELECTION].join(', ')}`);
  for (const key of DEPTHS) {
    const depth = definition[key];
    if (!isDepth(depth)) problems.push(`\`${key}: ${String(depth)}\` is no number`);
  }
  // The exclusions are parsed as selectors too (dbt's _parse_exclusions); the mapping keeps them as written.
  if (Array.isArray(definition['exclude']))
    for (const item of definition['exclude']) normalise(item, defined, problems);
}

/** SelectionCriteria.dict_from_single_spec: `2+tag:nightly+` -> {parents, parents_depth, method, value, children}. */
function specDict(spec: string, problems: string[]): Record<string, unknown> {
  const match = SPEC.exec(spec);
  if (match === null || match.groups === undefined) {
    problems.push(`\`${spec}\` is not a selector spec`);
    return { error: 'Invalid selector spec' };
  }
  const groups = match.groups;
  const value = groups['value'] ?? '';
  let method = groups['method'];
  if (method === undefined) {
    // dbt's _probably_path (on POSIX), then a file name by its extension, else a node's fqn.
    method = value.includes('/') ? 'path' : /\.(sql|py|csv)$/i.test(value) ? 'file' : 'fqn';
  } else checkMethod(method, problems);
  if (groups['childrens_parents'] !== undefined && groups['children'] !== undefined)
    problems.push(`\`${spec}\`: the \`@\` prefix and a \`+\` suffix do not go together`);
  const out: Record<string, unknown> = {};
  for (const [key, found] of Object.entries({ ...groups, method })) {
    if (found === undefined || found === '') continue;
    out[key] = FLAGS.has(key) ? true : found;
  }
  return out;
}

function checkMethod(method: string, problems: string[]): void {
  const name = method.split('.')[0] ?? '';
  if (!METHODS.has(name)) problems.push(`\`${name}\` is not a selector method`);
}
