// pythonStrip is Python's str.strip(), which dbt applies to file contents (raw_code, checksums).
import { pythonStrip } from '../../src/dbt/text.js';

/** Every BMP character for which Python's str.isspace() is true (checked with CPython 3.11). */
const PYTHON_SPACE = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
  0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
];

describe('pythonStrip', () => {
  it('strips exactly the characters Python strips, at both ends only', () => {
    const spaces = new Set(PYTHON_SPACE);
    const wrong: number[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      const expected = spaces.has(c) ? `a${ch}b` : `${ch}a${ch}b${ch}`;
      if (pythonStrip(`${ch}a${ch}b${ch}`) !== expected) wrong.push(c);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps a byte-order mark, which JS trim() would drop', () => {
    expect(pythonStrip('\ufeffselect 1\r\n')).toBe('\ufeffselect 1');
  });
});
