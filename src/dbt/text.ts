// Text as users have it: a UTF-8 byte-order mark and CRLF line endings are normalised away before parsing,
// so that every later line number counts lines as an editor shows them.

export function normaliseText(text: string): string {
  let out = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (out.includes('\r')) out = out.replace(/\r\n?/g, '\n');
  return out;
}

/** Whether Python's str.isspace() holds for this UTF-16 code unit (the BMP whitespace Python strips). */
export function isPythonSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Python's str.strip(): dbt strips file contents with it (a BOM stays; \x1c-\x1f and \x85 go, unlike JS trim). */
export function pythonStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPythonSpace(text.charCodeAt(start))) start++;
  while (end > start && isPythonSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** The end of Python's str.strip() (yaml.ts loadYamlFile: dbt reads its YAML files stripped). */
export function pythonStripEnd(text: string): string {
  let end = text.length;
  while (end > 0 && isPythonSpace(text.charCodeAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** Windows-style separators and `./` prefixes, as written in configs, to a clean POSIX path. */
export function normalisePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** `a/b` + `c/d.sql` -> `a/b/c/d.sql`, with '' meaning the repository root. */
export function joinPath(folder: string, path: string): string {
  return normalisePath(folder === '' ? path : `${folder}/${path}`);
}

/** The part of `path` under `folder` (which must contain it), or null. */
export function relativeTo(folder: string, path: string): string | null {
  if (folder === '') return path;
  return path.startsWith(folder + '/') ? path.slice(folder.length + 1) : null;
}

/**
 * `path` as seen from `folder` (both from the repository root, '' for the root itself): the part under the folder,
 * or with `..` for a file outside it, as dbt writes the files of a resource path that leaves the project
 * (`model-paths: [../../sources]` gives `../../sources/x.yml`).
 */
export function pathFrom(folder: string, path: string): string {
  if (folder === '') return path;
  if (path.startsWith(folder) && path.charCodeAt(folder.length) === 0x2f) return path.slice(folder.length + 1);
  if (path === folder) return '';
  const from = folder.split('/');
  const to = path === '' ? [] : path.split('/');
  let shared = 0;
  while (shared < from.length && shared < to.length && from[shared] === to[shared]) shared++;
  return [...from.slice(shared).map(() => '..'), ...to.slice(shared)].join('/');
}

/** Whether a normalised relative path leads above the folder it starts from (`..`, `../x`). */
export function leavesFolder(path: string): boolean {
  return path === '..' || path.startsWith('../');
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** File name without its (last) extension. */
export function stem(path: string): string {
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? base : base.slice(0, dot);
}
