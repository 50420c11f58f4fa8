// YAML timestamps as dbt gets them. PyYAML's SafeConstructor.construct_yaml_timestamp (yaml/pyyaml,
// lib/yaml/constructor.py) builds a datetime.date for a bare date, else a datetime.datetime: naive without a zone,
// aware with `Z` (UTC) or a fixed `±HH[:MM]` offset, the fraction cut to microseconds. dbt writes manifest.json
// with json.dumps and dbt_common's JSONEncoder, whose default() returns obj.isoformat() for dates and datetimes
// (dbt_common/utils/encoding.py): so `2024-01-01` is written "2024-01-01", not js-yaml's
// "2024-01-01T00:00:00.000Z".

/** A value PyYAML (so dbt) cannot load: the constructor raises, and dbt stops on the file. */
export class YamlValueError extends Error {}

export type TimestampKind = 'date' | 'naive' | 'aware';

/**
 * A Date for our code (its time is the UTC instant: midnight UTC for a date, the wall clock read as UTC for a
 * naive datetime, as js-yaml did) that serialises as Python's isoformat() of PyYAML's value: in JSON, in a
 * template string, and as a mapping key, whatever the machine's time zone.
 */
export class YamlTimestamp extends Date {
  constructor(
    time: number,
    readonly kind: TimestampKind,
    private readonly iso: string,
  ) {
    super(time);
  }

  /** Python's isoformat() of the value PyYAML constructs. */
  isoformat(): string {
    return this.iso;
  }

  override toJSON(): string {
    return this.iso;
  }

  override toString(): string {
    return this.iso;
  }
}

// PyYAML's timestamp_regexp (constructor.py). Its resolver only sends it texts that match the stricter implicit
// regexp (resolver.py): a bare date has two-digit month and day; with a time, one digit is enough.
const TIMESTAMP =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Milliseconds since the epoch of a UTC wall clock; Date.UTC alone would read years 0-99 as 1900-1999. */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number) {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year);
  return date.getTime();
}

/**
 * PyYAML's construct_yaml_timestamp for a text its resolver tagged as a timestamp. Python's date, datetime and
 * timezone constructors raise on impossible values (`2024-02-30`, `25:00:00`, an offset of a day or more): so
 * does this, with Python's message.
 */
export function constructTimestamp(raw: string): YamlTimestamp {
  const m = TIMESTAMP.exec(raw);
  if (!m) throw new YamlValueError(`\`${raw}\` is not a timestamp`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1) throw new YamlValueError(`\`${raw}\`: year ${year} is out of range`);
  if (month < 1 || month > 12) throw new YamlValueError(`\`${raw}\`: month must be in 1..12`);
  if (day < 1 || day > daysIn(year, month)) throw new YamlValueError(`\`${raw}\`: day is out of range for month`);
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (m[4] === undefined) return new YamlTimestamp(utc(year, month, day, 0, 0, 0, 0), 'date', date);
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (hour > 23) throw new YamlValueError(`\`${raw}\`: hour must be in 0..23`);
  if (minute > 59) throw new YamlValueError(`\`${raw}\`: minute must be in 0..59`);
  if (second > 59) throw new YamlValueError(`\`${raw}\`: second must be in 0..59`);
  // The fraction's first six digits, padded: microseconds, which isoformat() writes only when not zero.
  const micro = Number((m[7] ?? '').slice(0, 6).padEnd(6, '0'));
  let iso = `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}${micro === 0 ? '' : `.${pad(micro, 6)}`}`;
  let offset = 0; // minutes east of UTC
  let kind: TimestampKind = 'naive';
  if (m[8] !== undefined) {
    kind = 'aware';
    if (m[9] !== undefined) {
      offset = (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11] ?? 0));
      if (Math.abs(offset) >= 24 * 60) {
        throw new YamlValueError(`\`${raw}\`: the offset must be strictly between -24 and 24 hours`);
      }
    }
    const size = Math.abs(offset);
    iso += `${offset < 0 ? '-' : '+'}${pad(Math.floor(size / 60))}:${pad(size % 60)}`;
  }
  const time = utc(year, month, day, hour, minute, second, Math.floor(micro / 1000)) - offset * 60_000;
  return new YamlTimestamp(time, kind, iso);
}
