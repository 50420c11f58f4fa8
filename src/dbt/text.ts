// Text as users have it: a UTF-8 byte-order mark and CRLF line endings are normalised away before parsing,
// so that every later line number counts lines as an editor shows them.

export function normaliseText(text: string): string {
  let out = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (out.includes('\r')) out = out.replace(/\r\n?/g, '\n');
  return out;
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
