// Python's str() and repr() of YAML values, as dbt's generic tests put them into test names, unique ids and
// raw_code (generic_test_builders.py): a test's name and hash are made of Python text, so they are reproduced here
// exactly for what YAML gives (strings, numbers, booleans, null, lists, dicts).

/**
 * A Python float whose value is whole (`1.0`, `10 / 2`): a JavaScript number would print it as an int (`5` for
 * `5.0`). A float with a fraction is a plain number, which nothing mistakes for an int. In JSON it is its number.
 */
export class Float {
  constructor(readonly value: number) {}
  toJSON(): number {
    return this.value;
  }
}

/** A Python float's value as the evaluator holds it: a Float when whole, else the number. */
export const pyFloat = (n: number): number | Float => (Number.isInteger(n) ? new Float(n) : n);

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
  if (value instanceof Float) return pythonFloat(value.value);
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

/**
 * A whole number below 1e16 as Python writes an int (YAML's `1.0` reaches us as 1: `1`); any other as a float's
 * repr (`1e-05`, `1e+21`), the exponent forms JavaScript writes differently (`0.00001`, `1e21`).
 */
function pythonNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? String(n) : pythonFloat(n);
}

/**
 * Python's repr of a float: the shortest digits that read back as it (as JavaScript's), in positional notation
 * when the exponent is from -4 to 15, else as `1e-05` / `1.5e+16`; a whole value keeps its `.0`.
 */
export function pythonFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exp = '0'] = Math.abs(n).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  const sign = n < 0 ? '-' : '';
  if (e < -4 || e >= 16) {
    const m = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    return `${sign}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const whole = digits.slice(0, e + 1).padEnd(e + 1, '0');
  const fraction = digits.slice(e + 1);
  return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
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
