// An empty list item (`-` alone on its line) followed by a less-indented `-`: PyYAML (so dbt) reads a null item
// that ends its list, and the next dash as an item of the outer list. js-yaml skips its indentation check after an
// empty item and adds the next dash to the inner list, so that a whole property entry (`- name: customers`)
// silently became an item of the previous model's `tags:`. Writing the empty item as `- ~` (null, explicitly)
// gives both our loaders PyYAML's reading; the line count and every other line are unchanged.

const BARE_DASH = /^( *)-((?:[ \t]+#.*)?[ \t]*)$/;
const DASH_ITEM = /^ *-(?:[ \t]|$)/;
/** A line that opens a block scalar (`key: |`, `- >-`...): the lines below it are text, not YAML. */
const BLOCK_SCALAR_HEADER = /(?:^|[:-][ \t]+)[|>][-+0-9]*[ \t]*(?:#.*)?$/;

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

function isContent(line: string): boolean {
  const trimmed = line.trim();
  return trimmed !== '' && !trimmed.startsWith('#');
}

/** Whether line `at` (indented `indent`) is text of a block scalar: its nearest less-indented line opens one. */
function inBlockScalar(lines: string[], at: number, indent: number): boolean {
  for (let k = at - 1; k >= 0; k--) {
    const line = lines[k]!;
    if (!isContent(line) || indentOf(line) >= indent) continue;
    return BLOCK_SCALAR_HEADER.test(line);
  }
  return false;
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
  for (let i = 0; i < lines.length; i++) {
    const m = BARE_DASH.exec(lines[i]!);
    if (m === null) continue;
    const indent = m[1]!.length;
    let next = i + 1;
    while (next < lines.length && !isContent(lines[next]!)) next++;
    if (next >= lines.length) continue;
    const following = lines[next]!;
    if (indentOf(following) >= indent || !DASH_ITEM.test(following)) continue;
    if (inBlockScalar(lines, i, indent)) continue;
    lines[i] = `${m[1]}- ~${m[2]}`;
    changed = true;
  }
  return changed ? lines.join('\n') : text;
}
