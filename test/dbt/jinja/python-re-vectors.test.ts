// modules.re held to Python's re on 400 generated patterns (test/fixtures/jinja/re-vectors.json, written by
// re-vectors.py beside it, seed 5: findall, sub with \g<0>, split, match, search, fullmatch): each call gives what
// Python gives, or is not known (a dynamic ref), never another answer; and most are known.
import { readFileSync } from 'node:fs';
import { renderValue } from '../../../src/dbt/jinja/render.js';
import { context } from './helpers.js';

interface Vector {
  p: string;
  t: string;
  op: 'findall' | 'sub' | 'split' | 'match' | 'search' | 'fullmatch';
  /** Python's answer as text, or ERROR where Python raises. */
  exp: string;
}

const vectors = JSON.parse(
  readFileSync(new URL('../../fixtures/jinja/re-vectors.json', import.meta.url), 'utf8'),
) as Vector[];

/** Our answer as Python prints it, or null when parse time does not know it. */
function ours(v: Vector): string | null {
  const q = (s: string) => JSON.stringify(s);
  const call =
    v.op === 'sub' ? `modules.re.sub(${q(v.p)}, '<\\\\g<0>>', ${q(v.t)})` : `modules.re.${v.op}(${q(v.p)}, ${q(v.t)})`;
  const template =
    v.op === 'findall' || v.op === 'sub' || v.op === 'split'
      ? `X{{ ${call} }}`
      : `{% set m = ${call} %}X{% if m is none %}None{% else %}{{ (m.group(0), m.span()) }}{% endif %}`;
  const out = renderValue(template, context()).value;
  return typeof out === 'string' && out !== template ? out.slice(1) : null;
}

describe("modules.re against Python's re", () => {
  const answers = vectors.map((v) => ({ v, got: ours(v) }));

  it('gives Python’s answer or none', () => {
    const wrong = answers.filter(({ v, got }) => got !== null && got !== v.exp);
    expect(wrong).toEqual([]);
  });

  it('knows most of them (288 of 400 when written: refusing more is a loss to look at)', () => {
    expect(answers.filter(({ got }) => got !== null).length).toBeGreaterThanOrEqual(280);
  });
});
