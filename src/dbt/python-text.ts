// Python's str() and repr() of YAML values, as dbt's generic tests put them into test names, unique ids and
// raw_code (generic_test_builders.py): a test's name and hash are made of Python text, so they are reproduced here
// exactly for what YAML gives (strings, numbers, booleans, null, lists, dicts).

/** Python's `str()`: text as is, `True` / `False` / `None`, containers as their repr. */
export function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

/** Python's `repr()` of a value read from YAML. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'string') return pythonStringRepr(value);
  if (value instanceof Date) return pythonStringRepr(value.toISOString().slice(0, 10));
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const items = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${pythonStringRepr(k)}: ${pythonRepr(v)}`,
    );
    return `{${items.join(', ')}}`;
  }
  return String(value);
}

/** An int as Python writes it; a float as its repr does (`1e+16`, `inf`). YAML's `1.0` reaches us as 1: `1`. */
function pythonNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  // JavaScript writes exponents without a sign and without padding (`1e21`, `1e-7`); Python as `1e+21`, `1e-07`.
  return String(n).replace(
    /e([+-]?)(\d+)$/,
    (_m, sign: string, digits: string) => `e${sign || '+'}${digits.padStart(2, '0')}`,
  );
}

/**
 * Python's repr of a str: single quotes, unless the text holds a single quote and no double one; backslash,
 * the quote and control characters escaped; printable non-ASCII characters kept as they are.
 */
export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === quote) out += `\\${quote}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xad) out += `\\x${hex(code, 2)}`;
    else if (code >= 0xd800 && code <= 0xdfff)
      out += `\\u${hex(code, 4)}`; // a lone surrogate
    else out += char;
  }
  return out + quote;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}
