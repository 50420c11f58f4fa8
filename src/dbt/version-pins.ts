// The dbt-core version a repository pins for its project, read from its Python dependency files: what `manifest`
// writes when no --dbt-version is given, so that the manifest is the one the project's own dbt writes (dbt 1.12
// hashes files differently from 1.11, 1.11.9 added config keys that 1.10 does not write...). Strict on purpose: a
// file that names dbt-core decides, and only one exact version (or one minor's newest) counts as a pin; a range,
// an include, several versions or an unreadable spec name none, and then nothing farther away is asked.

/** Files read for a pin, a lock file (what was installed) first. */
export const PIN_FILES = [
  'uv.lock',
  'poetry.lock',
  'Pipfile.lock',
  'requirements.txt',
  'requirements-dev.txt',
  'requirements_dev.txt',
  'dev-requirements.txt',
  'pyproject.toml',
  'Pipfile',
  'setup.py',
  'Dockerfile',
] as const;

export interface VersionPin {
  /** `1.9.4`, or `1.9` for that minor's newest patch. */
  version: string;
  /** The text that pins it, as written (`dbt-core==1.9.4`). */
  written: string;
  line: number;
}

/** What a file says of dbt-core: nothing (null), or its pins, and whether it names it in a way that pins nothing. */
export interface DbtCoreMentions {
  pins: VersionPin[];
  /** dbt-core named with a range, an extra, a URL, a version not 1.x...: the file decides, and pins nothing. */
  unpinned: boolean;
}

const LOCK_FILES = new Set(['uv.lock', 'poetry.lock']);

/**
 * The version an operator and version text pin: `==1.9.4` -> 1.9.4, `==1.9` -> 1.9.0 (what pip installs),
 * `==1.9.*`, `~=1.9.0`, poetry's `~1.9.0` -> 1.9 (that minor's newest); null for anything else (a range, 2.x).
 */
function pinned(operator: string, version: string): string | null {
  const match = /^1\.(\d+)(?:\.(\d+|\*))?$/.exec(version);
  if (match === null) return null;
  const minor = `1.${match[1]}`;
  const patch = match[2];
  if (operator === '~=') return patch !== undefined && patch !== '*' ? minor : null;
  if (operator === '~') return minor;
  if (operator !== '==' && operator !== '===') return null;
  return patch === '*' ? minor : `${minor}.${patch ?? '0'}`;
}

/** The text with `#` comments blanked (same length, so that indexes still give lines). */
function withoutComments(text: string): string {
  return text.replace(/(^|[ \t])#[^\n]*/g, (comment, lead: string) => lead + ' '.repeat(comment.length - lead.length));
}

const lineAt = (text: string, index: number): number => text.slice(0, index).split('\n').length;

/** A lock file's `[[package]] name = "dbt-core" version = "..."` (uv, poetry). */
const LOCKED = /\[\[package\]\]\s*\nname\s*=\s*"dbt[-_]core"\s*\nversion\s*=\s*"([^"]+)"/gi;
/** Pipfile.lock: `"dbt-core": { ..., "version": "==1.9.4" }`. */
const PIPFILE_LOCKED = /"dbt[-_]core"\s*:\s*\{[^}]*?"version"\s*:\s*"([^"]*)"/gi;
/** Any naming of dbt-core as a requirement: `dbt-core`, then what follows it on the line. */
const NAMED = /(?<![\w.-])dbt[-_]core(?![\w-])([^\n]*)/gi;
/** What may follow the name for a pin: `==1.9.4`, `~= 1.9.0`, then a space, a closing quote or a comma. */
const REQUIREMENT_PIN = /^\s*(===?|~=)\s*([0-9][0-9.*]*)(?=$|[\s"',)\]\\])/;
/** A poetry or Pipfile table entry: `= "1.9.4"`, `= "~1.9.0"`, `= {version = "==1.9.4", ...}`. */
const TABLE_PIN = /^["']?\s*=\s*(?:\{[^}]*?version\s*=\s*)?"(==|~=|~|)\s*([0-9][0-9.*]*)"/;

/** What one dependency file (`name` is its file name) says of dbt-core. */
export function dbtCoreMentions(name: string, text: string): DbtCoreMentions | null {
  const pins: VersionPin[] = [];
  let unpinned = false;
  const add = (operator: string, version: string, index: number, written: string) => {
    const found = pinned(operator, version);
    if (found === null) unpinned = true;
    else pins.push({ version: found, written: written.trim(), line: lineAt(text, index) });
  };
  if (LOCK_FILES.has(name)) {
    for (const m of text.matchAll(LOCKED)) add('==', m[1]!, m.index, `dbt-core ${m[1]}`);
  } else if (name === 'Pipfile.lock') {
    for (const m of text.matchAll(PIPFILE_LOCKED)) {
      const spec = /^(===?)(.*)$/.exec(m[1]!);
      if (spec) add(spec[1]!, spec[2]!, m.index, `dbt-core${m[1]}`);
      else unpinned = true;
    }
  } else {
    const clean = withoutComments(text);
    for (const m of clean.matchAll(NAMED)) {
      const rest = m[1]!;
      const requirement = REQUIREMENT_PIN.exec(rest);
      const table = requirement ? null : TABLE_PIN.exec(rest);
      const spec = requirement ?? table;
      if (spec) add(spec[1] === '' ? '==' : spec[1]!, spec[2]!, m.index, `dbt-core${rest.slice(0, spec[0].length)}`);
      else unpinned = true;
    }
  }
  // A requirements file that includes another (`-r base.txt`) may pin it there: not followed, it pins nothing.
  if (
    pins.length === 0 &&
    !unpinned &&
    name.endsWith('.txt') &&
    /^\s*(?:-[rc]|--requirement|--constraint)\b/m.test(text)
  )
    unpinned = true;
  if (pins.length === 0 && !unpinned) return null;
  return { pins, unpinned };
}

/**
 * The pin of one folder's files (in PIN_FILES order, `read` giving a file's text or null): the first file that
 * names dbt-core decides, a lock file before the others; it pins when all it says is one version.
 */
export function folderPin(
  read: (name: string) => string | null,
): { pin: (VersionPin & { file: string }) | null } | null {
  for (const name of PIN_FILES) {
    const text = read(name);
    if (text === null) continue;
    const said = dbtCoreMentions(name, text);
    if (said === null) continue;
    const versions = new Set(said.pins.map((p) => p.version));
    return { pin: !said.unpinned && versions.size === 1 ? { ...said.pins[0]!, file: name } : null };
  }
  return null;
}
