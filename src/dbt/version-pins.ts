// The dbt-core version a repository pins for its project, read from its Python dependency files: what `manifest`
// writes when no --dbt-version is given, so that the manifest is the one the project's own dbt writes (dbt 1.12
// hashes files differently from 1.11, 1.11.9 added config keys that 1.10 does not write...). Only pins that name
// one minor version count: `==1.9.4`, `==1.9.*`, `~=1.9.0` (1.9's newest), a lock file's resolved version; a range
// (`>=1.8`, `^1.9`, `~=1.9`) names none.

/** Files read for a pin, most telling first (a lock file holds what was installed). */
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

const lineAt = (text: string, index: number): number => text.slice(0, index).split('\n').length;

/** `X.Y.Z`, or `X.Y` for a wildcard or compatible-release patch; null for a version that names no single minor. */
function pinned(operator: string, version: string): string | null {
  const match = /^(1)\.(\d+)(?:\.(\d+|\*))?$/.exec(version);
  if (match === null) return null;
  const minor = `${match[1]}.${match[2]}`;
  if (operator === '~=') return match[3] !== undefined && match[3] !== '*' ? minor : null;
  if (operator === '~') return minor;
  return match[3] === undefined || match[3] === '*' ? minor : `${minor}.${match[3]}`;
}

/** A lock file's `[[package]] name = "dbt-core" version = "..."` (uv, poetry). */
const LOCKED = /\[\[package\]\]\s*\nname\s*=\s*"dbt[-_]core"\s*\nversion\s*=\s*"([^"]+)"/i;
/** Pipfile.lock: `"dbt-core": { ..., "version": "==1.9.4" }`. */
const PIPFILE_LOCKED = /"dbt[-_]core"\s*:\s*\{[^}]*?"version"\s*:\s*"==([^"]+)"/i;
/** `dbt-core==1.9.4`, `dbt-core ~= 1.9.0`, `"dbt-core==1.8.*"` in requirements, pyproject, setup.py, Dockerfile. */
const REQUIREMENT = /(?<![\w.-])dbt[-_]core\s*(===?|~=)\s*([0-9][0-9.*]*)/gi;
/** Poetry or Pipfile tables: `dbt-core = "1.9.4"`, `dbt-core = "~1.9.0"`, `dbt-core = {version = "==1.9.4"}`. */
const TABLE = /^[ \t]*["']?dbt[-_]core["']?\s*=\s*(?:\{[^}\n]*?version\s*=\s*)?"(==|~=|~|)\s*([0-9][0-9.*]*)"/gim;

/** The pins of dbt-core in one dependency file (`name` is its file name). */
export function dbtCorePins(name: string, text: string): VersionPin[] {
  const pins: VersionPin[] = [];
  const add = (operator: string, version: string, index: number, written: string) => {
    const found = pinned(operator, version);
    if (found !== null) pins.push({ version: found, written: written.trim(), line: lineAt(text, index) });
  };
  if (name === 'uv.lock' || name === 'poetry.lock') {
    const m = LOCKED.exec(text);
    if (m) add('==', m[1]!, m.index, `dbt-core ${m[1]}`);
    return pins;
  }
  if (name === 'Pipfile.lock') {
    const m = PIPFILE_LOCKED.exec(text);
    if (m) add('==', m[1]!, m.index, `dbt-core==${m[1]}`);
    return pins;
  }
  for (const m of text.matchAll(REQUIREMENT)) {
    // A commented-out requirement pins nothing.
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    if (/^\s*#/.test(text.slice(lineStart, m.index))) continue;
    add(m[1] === '~=' ? '~=' : '==', m[2]!, m.index, m[0]);
  }
  if (name === 'pyproject.toml' || name === 'Pipfile')
    for (const m of text.matchAll(TABLE)) add(m[1] === '' ? '==' : m[1]!, m[2]!, m.index, m[0]);
  return pins;
}
