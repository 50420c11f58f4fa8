// Finds the line of a key path (e.g. `rules`, `ownership/x`, `options`) in block-style YAML text, so that a
// config error can name its line. js-yaml keeps no positions on the loaded value; scanning indentation is enough
// for config files. Flow-style parts (`{a: 1}`) are not entered: the line of the nearest enclosing key is given.

interface Token {
  line: number;
  indent: number;
  kind: 'dash' | 'key' | 'other';
  key?: string;
}

const KEY = /^(?:"([^"]*)"|'([^']*)'|([^'"#\s\-?][^#]*?|-[^\s#][^#]*?))\s*:(?:\s|$)/;

/** One line may hold several tokens: `  - key: v` is an item (indent 2) and a key (indent 4). */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    let indent = raw.length - raw.trimStart().length;
    let rest = raw.trim();
    if (rest === '' || rest.startsWith('#') || rest === '---') return;
    while (rest === '-' || rest.startsWith('- ')) {
      tokens.push({ line: index + 1, indent, kind: 'dash' });
      const after = rest.slice(1);
      indent += 1 + (after.length - after.trimStart().length);
      rest = after.trim();
      if (rest === '') return;
    }
    const match = KEY.exec(rest);
    const key = match ? (match[1] ?? match[2] ?? match[3]) : undefined;
    tokens.push(
      key === undefined ? { line: index + 1, indent, kind: 'other' } : { line: index + 1, indent, kind: 'key', key },
    );
  });
  return tokens;
}

/** The 1-based line of the deepest part of `path` found in `text`, or undefined when not even the first is. */
export function lineOfPath(text: string, path: ReadonlyArray<PropertyKey>): number | undefined {
  const tokens = tokenize(text);
  let start = 0;
  let parentIndent = -1;
  let line: number | undefined;
  for (const segment of path) {
    const wantsItem = typeof segment === 'number';
    let childIndent: number | undefined;
    let count = -1;
    let hit = -1;
    for (let i = start; i < tokens.length; i++) {
      const token = tokens[i]!;
      // A list may sit at its key's own indentation (`key:\n- a`), so items at the parent's indent still belong.
      const sameLevelItem = wantsItem && token.kind === 'dash' && token.indent === parentIndent;
      if (token.indent <= parentIndent && !sameLevelItem) break;
      childIndent ??= token.indent;
      if (token.indent !== childIndent) continue;
      if (
        wantsItem ? token.kind === 'dash' && ++count === segment : token.kind === 'key' && token.key === String(segment)
      ) {
        hit = i;
        break;
      }
    }
    if (hit < 0) return line;
    line = tokens[hit]!.line;
    parentIndent = tokens[hit]!.indent;
    start = hit + 1;
  }
  return line;
}
