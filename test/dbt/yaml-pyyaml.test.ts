// YAML read as dbt reads it: PyYAML's SafeLoader (YAML 1.1) resolves plain scalars, and dbt writes the values
// with json.dumps and isoformat(). Every expectation here was checked against PyYAML 6.0.3 (CSafeLoader) and
// json.dumps; each text goes through both loaders (the fast path and js-yaml), which must agree.
import { deprecationDate } from '../../src/dbt/node-config.js';
import { loadYaml, loadYaml12, loadYamlWithJsYaml } from '../../src/dbt/yaml/yaml.js';
import { PYYAML_SCHEMA } from '../../src/dbt/yaml/yaml-pyyaml.js';
import { YamlTimestamp } from '../../src/dbt/yaml/yaml-timestamp.js';
import { compareLoaders } from './yaml-compare.js';

/** The value of `v: <plain>` as dbt reads it, after checking that both loaders read it alike. */
function plain(raw: string): unknown {
  const text = `v: ${raw}\n`;
  compareLoaders(text);
  const loaded = loadYaml(text, 'f.yml');
  expect(loaded.diagnostics).toEqual([]);
  return (loaded.value as { v: unknown }).v;
}

/** The JSON dbt writes for a document: json.dumps of PyYAML's value. */
const json = (text: string) => JSON.stringify(loadYaml(text, 'f.yml').value);

describe('plain scalars, as PyYAML resolves them (resolver.py) and constructs them (constructor.py)', () => {
  const words: Array<[string, unknown]> = [
    ...['yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'].map((raw): [string, unknown] => [raw, true]),
    ...['no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'].map((raw): [string, unknown] => [raw, false]),
    // Not booleans: mixed case, and `y` / `n`, which PyYAML's resolver leaves out.
    ...['yEs', 'oN', 'y', 'Y', 'n', 'N'].map((raw): [string, unknown] => [raw, raw]),
    ...['~', 'null', 'Null', 'NULL'].map((raw): [string, unknown] => [raw, null]),
    ['nULL', 'nULL'],
  ];
  test.each(words)('%s is %p', (raw, value) => {
    expect(plain(raw)).toBe(value);
  });

  test.each([
    ['012', 10], // octal
    ['-012', -10],
    ['0_17', 15],
    ['08', '08'], // not octal, not decimal: a string
    ['1_000', 1000],
    ['1:30', 90], // base 60
    ['-1:30', -90],
    ['190:20:30', 685230],
    ['1:60', '1:60'],
    ['0b1_01', 5],
    ['0x_1F', 31],
    ['0o17', '0o17'], // YAML 1.2 octal: a string
    ['-0', 0],
    ['+12', 12],
    ['1e3', '1e3'], // a float needs a dot, and an exponent needs a sign
    ['1.5e3', '1.5e3'],
    ['1.0e+3', 1000],
    ['1.5E-3', 0.0015],
    ['1.', 1],
    ['.5', 0.5],
    ['-.5', '-.5'], // the dotted form takes no sign
    ['1_000.5', 1000.5],
    ['1:30.5', 90.5],
    ['.inf', Infinity],
    ['-.Inf', -Infinity],
    ['+.INF', Infinity],
    ['.NaN', NaN],
    ['+.nan', '+.nan'],
    ['1.0.0', '1.0.0'],
  ])('%s is %p', (raw, value) => {
    expect(plain(raw)).toStrictEqual(value);
  });

  it('never gives -0 for an integer (Python has none)', () => {
    expect(Object.is(plain('-0'), 0)).toBe(true);
    expect(Object.is(plain('-0_0'), 0)).toBe(true);
  });
});

describe('timestamps: a Date for our code, written as dbt writes them (isoformat)', () => {
  test.each([
    ['2024-01-01', 'date', '2024-01-01', Date.UTC(2024, 0, 1)],
    ['2024-02-29', 'date', '2024-02-29', Date.UTC(2024, 1, 29)],
    ['0001-01-01', 'date', '0001-01-01', -62135596800000],
    ['2024-01-01 10:00:00', 'naive', '2024-01-01T10:00:00', Date.UTC(2024, 0, 1, 10)],
    ['2024-1-1t1:02:03', 'naive', '2024-01-01T01:02:03', Date.UTC(2024, 0, 1, 1, 2, 3)],
    ['2024-01-01T10:00:00.5', 'naive', '2024-01-01T10:00:00.500000', Date.UTC(2024, 0, 1, 10, 0, 0, 500)],
    ['2024-01-01T10:00:00.1234567', 'naive', '2024-01-01T10:00:00.123456', Date.UTC(2024, 0, 1, 10, 0, 0, 123)],
    ['2024-01-01T10:00:00.000', 'naive', '2024-01-01T10:00:00', Date.UTC(2024, 0, 1, 10)],
    ['2024-01-01 10:00:00Z', 'aware', '2024-01-01T10:00:00+00:00', Date.UTC(2024, 0, 1, 10)],
    ['2024-01-01T10:00:00+02:00', 'aware', '2024-01-01T10:00:00+02:00', Date.UTC(2024, 0, 1, 8)],
    ['2001-12-14 21:59:43.10 -5', 'aware', '2001-12-14T21:59:43.100000-05:00', Date.UTC(2001, 11, 15, 2, 59, 43, 100)],
    ['2024-01-01T10:00:00-0', 'aware', '2024-01-01T10:00:00+00:00', Date.UTC(2024, 0, 1, 10)],
    ['2024-01-01T10:00:00+1:99', 'aware', '2024-01-01T10:00:00+02:39', Date.UTC(2024, 0, 1, 7, 21)],
  ])('%s is a %s, written %s', (raw, kind, iso, time) => {
    const value = plain(raw);
    expect(value).toBeInstanceOf(YamlTimestamp);
    expect(value).toBeInstanceOf(Date);
    const stamp = value as YamlTimestamp;
    expect([stamp.kind, stamp.isoformat(), JSON.stringify(stamp), String(stamp), stamp.getTime()]).toEqual([
      kind,
      iso,
      JSON.stringify(iso),
      iso,
      time,
    ]);
  });

  it('are strings where the resolver does not take them', () => {
    expect([plain('2024-1-1'), plain('2024-01-01x'), plain('10:00:00')]).toEqual(['2024-1-1', '2024-01-01x', 36000]);
  });

  it('give deprecation dates as dbt normalises them: midnight, the machine zone (UTC in CI), or their offset', () => {
    const date = (raw: string) => deprecationDate(plain(raw));
    expect(date('2027-01-31')).toBe('2027-01-31T00:00:00+00:00');
    expect(date('2027-01-31 10:30:00')).toBe('2027-01-31T10:30:00+00:00');
    expect(date('2027-01-31 10:30:00.25')).toBe('2027-01-31T10:30:00.250000+00:00');
    expect(date('2027-01-31T10:30:00+02:00')).toBe('2027-01-31T10:30:00+02:00');
    expect(date('2027-01-31T10:30:00Z')).toBe('2027-01-31T10:30:00+00:00');
  });
});

describe('keys, as json.dumps writes the keys PyYAML constructs', () => {
  it('are the JSON text of booleans, numbers and null, and the isoformat of timestamps', () => {
    const text = ['yes: a', 'off: b', '012: c', '1:30: d', '~: e', '2024-01-01: f', '2024-01-01 10:00:00+02:00: g'];
    expect(compareLoaders(`${text.join('\n')}\n`)).toBe('fast');
    // The same keys and values; the order is not Python's, as a JS object puts integer-like keys first.
    expect(JSON.parse(json(`${text.join('\n')}\n`))).toEqual(
      JSON.parse(
        '{"true":"a","false":"b","10":"c","90":"d","null":"e","2024-01-01":"f","2024-01-01T10:00:00+02:00":"g"}',
      ),
    );
  });

  it('keep their line, whatever their type', () => {
    const loaded = loadYaml('meta:\n  yes: 1\n  2024-01-01: 2\n  null: 3\n', 'f.yml');
    const meta = (loaded.value as { meta: object }).meta;
    expect(['true', '2024-01-01', 'null'].map((key) => loaded.lines.key(meta, key))).toEqual([2, 3, 4]);
  });

  it('`=` is a key (the string "="), and `<<` still merges', () => {
    expect(json('=: a\nb: {=}\n')).toBe('{"=":"a","b":{"=":null}}');
    expect(json('base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n')).toBe('{"base":{"x":1,"y":2},"m":{"x":1,"y":3}}');
  });
});

describe('values PyYAML cannot load: a diagnostic at their line, as dbt stops on the file', () => {
  test.each([
    ['a: 1\nb: 2024-02-30\n', 2, /day is out of range for month/],
    ['a:\n  - 2024-13-01\n', 2, /month must be in 1\.\.12/],
    ['a: {b: 2024-01-01 24:00:00}\n', 1, /hour must be in 0\.\.23/],
    ['a: 2024-01-01 10:00:00 +24:00\n', 1, /offset/],
    ['a: 0x_\n', 1, /no digits/],
    ['a: b\nc: =\n', 2, /plain `=`/],
    ['- x\n- <<\n', 2, /plain `<<`/],
    ['a: [x, =]\nb: =\n', 1, /plain `=`/],
  ])('%j: line %d', (text, line, message) => {
    for (const load of [loadYaml, loadYamlWithJsYaml]) {
      const loaded = load(text, 'f.yml');
      expect(loaded.value).toBeUndefined();
      expect(loaded.diagnostics).toMatchObject([{ code: 'yaml-value', severity: 'error', file: 'f.yml', line }]);
      expect(loaded.diagnostics[0]?.message).toMatch(message);
    }
  });
});

describe('block scalars that end the text without a line break (dbt strips the files it reads)', () => {
  // PyYAML keeps the breaks that are in the text; js-yaml appends one to a text that has none first.
  test.each([
    ['a: |\n  x\n  y', { a: 'x\ny' }],
    ['a: >\n  x\n  y', { a: 'x y' }],
    ['a: |+\n  x\n  y', { a: 'x\ny' }],
    ['- |\n  x', ['x']],
    ['a: >\n  x\n\n   more\n  y', { a: 'x\n\n more\ny' }],
    ['a: !!str |\n  t', { a: 't' }],
    ['a: &y !!str >\n  t\n  u', { a: 't u' }],
    // An alias at the end is its anchor's value, break and all.
    ['a: &x |\n  t\nb: *x', { a: 't\n', b: 't\n' }],
    ['a: &x |\n  t\nb:\n  - *x', { a: 't\n', b: ['t\n'] }],
    ['a: &x "q\\n"\nb: *x', { a: 'q\n', b: 'q\n' }],
    // Not at the end: the scalar keeps its break; a quoted one ends at its quote.
    ['a: |\n  x\nb: "q\\n"', { a: 'x\n', b: 'q\n' }],
    ['a: |\n  x\n\n  y\n\n', { a: 'x\n\ny\n' }],
  ])('%j is %j on both loaders', (text, value) => {
    expect(loadYaml(text, 'f.yml').value).toEqual(value);
    expect(loadYamlWithJsYaml(text, 'f.yml').value).toEqual(value);
  });
});

describe('the schema', () => {
  it("is js-yaml's default schema with PyYAML's resolvers in place, and `=` last", () => {
    const compiled = (PYYAML_SCHEMA as unknown as { compiledImplicit: Array<{ tag: string }> }).compiledImplicit;
    const tags = compiled.map((type) => type.tag);
    const names = ['null', 'bool', 'int', 'float', 'timestamp', 'merge', 'value'];
    expect(tags).toEqual(names.map((name) => `tag:yaml.org,2002:${name}`));
  });

  it('is not used for our own config file, which is YAML 1.2 (`off` is a string there)', () => {
    expect(loadYaml12('rules:\n  a: off\n  b: yes\n', 'c.yml').value).toEqual({ rules: { a: 'off', b: 'yes' } });
    expect(loadYaml('rules:\n  a: off\n  b: yes\n', 'c.yml').value).toEqual({ rules: { a: false, b: true } });
  });

  it("reads our config file as Probot's loader (the `yaml` package, YAML 1.2 core) does", () => {
    // Dates stay text and `<<` is a key like any other.
    expect(loadYaml12('a: 2025-01-31\nb: {<<: {c: 1}}\n', 'c.yml').value).toEqual({
      a: '2025-01-31',
      b: { '<<': { c: 1 } },
    });
    // A key given twice is an error at the second one, not the last one winning (dbt's YAML lets it win).
    const twice = loadYaml12('# policy\nrules:\n  x: off\nrules:\n  y: warning\n', 'c.yml');
    expect(twice.value).toBeUndefined();
    expect(twice.diagnostics).toEqual([
      expect.objectContaining({
        code: 'yaml-syntax',
        line: 4,
        message: expect.stringContaining('duplicated mapping key'),
      }),
    ]);
    expect(loadYaml('rules:\n  x: off\nrules:\n  y: warning\n', 'm.yml').value).toEqual({ rules: { y: 'warning' } });
  });
});
