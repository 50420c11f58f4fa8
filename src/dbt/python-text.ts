// Python's str() and repr() of YAML values, as dbt's generic tests put them into test names, unique ids and
// raw_code (generic_test_builders.py): a test's name and hash are made of Python text, so they are reproduced here
// exactly for what YAML gives (strings, numbers, booleans, null, lists, dicts).

/** Python's `str()`: text as is, `True` / `False` / `None`, containers as their repr. */
export function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  // A YAML timestamp: Python's str of a date is its ISO form, of a datetime the same with a space.
  if (value instanceof Date) return isoOf(value).replace('T', ' ');
  return pythonRepr(value);
}

/** The ISO text of a YAML timestamp (the loader keeps it as written), else of the instant, as a date. */
function isoOf(date: Date): string {
  const iso = (date as { iso?: unknown }).iso;
  return typeof iso === 'string' ? iso : date.toISOString().slice(0, 10);
}

/** Python's `repr()` of a value read from YAML. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'string') return pythonStringRepr(value);
  if (value instanceof Date) {
    // repr(datetime.date(2024, 1, 1)); a datetime's repr (rare in test arguments) is approximated by its text.
    const iso = isoOf(value);
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    return day ? `datetime.date(${Number(day[1])}, ${Number(day[2])}, ${Number(day[3])})` : pythonStringRepr(iso);
  }
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
  // Most text is printable ASCII with nothing to escape: as it is, between its quotes.
  if (PLAIN.test(text) && !text.includes(quote)) return quote + text + quote;
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === quote) out += `\\${quote}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char !== ' ' && NOT_PRINTABLE.test(char))
      out += code < 0x100 ? `\\x${hex(code, 2)}` : code < 0x10000 ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
    else out += char;
  }
  return out + quote;
}

// What Python's str.isprintable() refuses: control, format, surrogate, private-use and unassigned characters, and
// separators other than the ASCII space.
const PLAIN = /^[\x20-\x5b\x5d-\x7e]*$/;
const NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}
