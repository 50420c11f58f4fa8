// The rows of a unit test's `given` inputs and `expect`, normalised as dbt's UnitTestParser does
// (_validate_and_normalize_rows, dbt 1.9+): YAML dates as ISO text, csv rows read as Python's csv.DictReader reads
// them (every value text, an empty one None), a fixture file's or a seed's rows, and the first row without a None
// swapped to the front. Floats written with a fraction (`5.00`) are remembered: JavaScript reads them as 5, and the
// unit test's checksum is made of Python's repr of the rows, which writes `5.0`.
import { YamlTimestamp } from '../yaml/yaml-timestamp.js';
import { isWholeFloat, type Written } from '../yaml/yaml-written.js';

/** Keys of a row whose value YAML wrote as a float with a whole value (`5.00`): Python writes them `5.0`. */
export const wholeFloats = new WeakMap<object, Set<string>>();

/**
 * A YAML value with its timestamps as Python's isoformat() (dbt's renderer turns dates into text before the
 * definition is validated), new containers throughout. `written(container, key)` is the scalar as written, when
 * it is known: a whole number written as a float is then marked in `wholeFloats`.
 */
export function isoDates(value: unknown, written?: Written): unknown {
  if (value instanceof YamlTimestamp) return value.isoformat();
  if (Array.isArray(value)) return value.map((item) => isoDates(item, written));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const source = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(source)) {
      const item = source[key];
      copy[key] = isoDates(item, written);
      if (written && isWholeFloat(source, key, written)) {
        let keys = wholeFloats.get(copy);
        if (!keys) wholeFloats.set(copy, (keys = new Set()));
        keys.add(key);
      }
    }
    return copy;
  }
  return value;
}

/**
 * DictReader's `restkey`, None: where a record's fields beyond the header go (a list), written `null` in JSON
 * and `None` in Python's repr. (A plain object cannot have a None key: this one stands for it.)
 */
export const REST_KEY = '\u0000None';

type CsvRow = Record<string, string | null | string[]>;

/**
 * Python's csv.DictReader over text (the excel dialect): the first record names the columns, blank records are
 * skipped, a short record gets None for the missing columns and a long one a list of the rest under None;
 * fields may be quoted (`""` inside is a quote).
 */
export function csvDicts(text: string): CsvRow[] {
  const records = csvRecords(text);
  const header = records.shift();
  if (!header) return [];
  const rows: CsvRow[] = [];
  for (const record of records) {
    if (record.length === 0) continue;
    const row: CsvRow = {};
    header.forEach((name, i) => {
      row[name] = i < record.length ? record[i]! : null;
    });
    if (record.length > header.length) row[REST_KEY] = record.slice(header.length);
    rows.push(row);
  }
  return rows;
}

function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let started = false; // the current record has a field (an empty line has none)
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      started = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
      started = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (started || field !== '') record.push(field);
      records.push(record);
      record = [];
      field = '';
      started = false;
    } else {
      field += c;
      started = true;
    }
  }
  if (started || field !== '') record.push(field);
  if (record.length > 0) records.push(record);
  return records;
}

/** csv format: an empty value is None (dbt 1.8.1+). */
export function emptyAsNone(rows: CsvRow[]): CsvRow[] {
  return rows.map((row) => {
    const out: CsvRow = {};
    for (const key of Object.keys(row)) out[key] = row[key] === '' ? null : row[key]!;
    return out;
  });
}

/** Rows as JSON shows them: DictReader's None key written `null`, as json.dumps writes it. */
export function rowsForJson(rows: unknown): unknown {
  if (!Array.isArray(rows) || !rows.some((row) => isRestRow(row))) return rows;
  return rows.map((row: Record<string, unknown>) => {
    if (!isRestRow(row)) return row;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(row)) out[key === REST_KEY ? 'null' : key] = row[key];
    return out;
  });
}

const isRestRow = (row: unknown): boolean => row !== null && typeof row === 'object' && REST_KEY in row;

/** dbt 1.9+ (_promote_first_non_none_row): the first row with no None value is swapped with the first row. */
export function promoteCompleteRow(rows: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  const at = rows.findIndex((row) => Object.values(row).every((value) => value !== null && value !== undefined));
  if (at <= 0) return rows;
  const out = [...rows];
  [out[0], out[at]] = [out[at]!, out[0]!];
  return out;
}
