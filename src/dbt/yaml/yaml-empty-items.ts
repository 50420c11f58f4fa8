// An empty list item (`-` alone on its line) followed by a less-indented `-`: PyYAML (so dbt) reads a null item
// that ends its list, and the next dash as an item of the outer list. js-yaml skips its indentation check after an
// empty item and adds the next dash to the inner list, so that a whole property entry (`- name: customers`)
// silently became an item of the previous model's `tags:`. Writing the empty item as `- ~` (null, explicitly)
// gives both our loaders PyYAML's reading; the line count and every other line are unchanged.
//
// Only a dash that is surely a list item is rewritten: not one in the text of a block scalar (`description: |`),
// nor one that continues a multi-line string (its previous line is not a list item or a key opening a list).

const BARE_DASH = /^( *)-((?:[ \t]+#.*)?[ \t]*)$/;
const DASH_ITEM = /^ *-(?:[ \t]|$)/;
/** A line that opens a block scalar (`key: |`, `- >-`, `key: !!str |`...): the lines below it are text. */
const BLOCK_SCALAR_HEADER = /(?:^|[ \t])(?:![^ \t]*[ \t]+)?(?:&[^ \t]+[ \t]+)?[|>][-+0-9]*[ \t]*(?:#.*)?$/;
/** A key with nothing after it on its line (`tags:`): what may open a block sequence below it. */
const OPENING_KEY = /:[ \t]*(?:#.*)?$/;
/** A line holding a key (`name: x`, `tags:`), not a line of text. */
const KEY = /^ *[^ #'"][^:#]*:(?:[ \t]|$)/;

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

function isContent(line: string): boolean {
  const trimmed = line.trim();
  return trimmed !== '' && !trimmed.startsWith('#');
}

/** Columns of the dashes that open a line (`- - a`: 0 and 2): the items it starts. */
function dashColumns(line: string): number[] {
  const columns: number[] = [];
  let col = indentOf(line);
  while (line[col] === '-' && (col + 1 >= line.length || line[col + 1] === ' ' || line[col + 1] === '\t')) {
    columns.push(col);
    col++;
    while (line[col] === ' ' || line[col] === '\t') col++;
  }
  return columns;
}

/**
 * The column a block scalar's text must be indented past: the key's (`key: |`, `- key: |`) or, for an item
 * that is itself the scalar (`- |`), the last dash's.
 */
function ownerColumn(line: string): number {
  let col = indentOf(line);
  let lastDash = -1;
  while (line[col] === '-' && (line[col + 1] === ' ' || line[col + 1] === '\t')) {
    lastDash = col;
    col++;
    while (line[col] === ' ' || line[col] === '\t') col++;
  }
  const rest = line.slice(col);
  return /^(?:![^ \t]*[ \t]+)?(?:&[^ \t]+[ \t]+)?[|>]/.test(rest) && lastDash >= 0 ? lastDash : col;
}

/**
 * Whether some line is a dash alone (spaces, `-`, then spaces or a comment). A loop over the dashes, not a
 * multiline regex: this runs on every YAML file, and the regex cost ten times as much.
 */
function hasBareDash(text: string): boolean {
  for (let at = text.indexOf('-'); at !== -1; at = text.indexOf('-', at + 1)) {
    let after = at + 1;
    while (text.charCodeAt(after) === 32 || text.charCodeAt(after) === 9) after++;
    const next = text.charCodeAt(after);
    if (!(after >= text.length || next === 10 || next === 13 || (next === 35 && after > at + 1))) continue;
    let before = at - 1;
    while (before >= 0 && text.charCodeAt(before) === 32) before--;
    if (before < 0 || text.charCodeAt(before) === 10) return true;
  }
  return false;
}

/** `text` with each empty list item that a less-indented dash follows written as `- ~`. */
export function closeEmptyItems(text: string): string {
  if (!hasBareDash(text)) return text;
  const lines = text.split('\n');
  let changed = false;
  // Lines of YAML (not block scalar text), in order: the previous one of a dash is the last of these.
  let previous: string | null = null;
  let scalarOwner = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (scalarOwner >= 0) {
      if (line.trim() === '' || indentOf(line) > scalarOwner) continue;
      scalarOwner = -1;
    }
    if (!isContent(line)) continue;
    const m = BARE_DASH.exec(line);
    if (m !== null && isClosable(lines, i, m[1]!.length, previous)) {
      lines[i] = `${m[1]}- ~${m[2]}`;
      changed = true;
    }
    if (BLOCK_SCALAR_HEADER.test(line)) scalarOwner = ownerColumn(line);
    previous = line;
  }
  return changed ? lines.join('\n') : text;
}

/**
 * A bare dash at `indent` that is a list item — after an item at its indent, a key opening its list, or the
 * deeper YAML of the item before (a key or an item, not a line of text) — and that a less-indented dash follows.
 */
function isClosable(lines: string[], at: number, indent: number, previous: string | null): boolean {
  if (previous === null) return false;
  const depth = indentOf(previous);
  const sibling = dashColumns(previous).includes(indent);
  // A block sequence may sit at its key's indent (`tags:` then `- a` right below it).
  const opened = depth <= indent && OPENING_KEY.test(previous);
  const inItemBefore = depth > indent && (DASH_ITEM.test(previous) || KEY.test(previous));
  if (!sibling && !opened && !inItemBefore) return false;
  let next = at + 1;
  while (next < lines.length && !isContent(lines[next]!)) next++;
  if (next >= lines.length) return false;
  const following = lines[next]!;
  return indentOf(following) < indent && DASH_ITEM.test(following);
}
