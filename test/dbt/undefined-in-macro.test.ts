// dbt renders a model's SQL with a lenient Undefined (a missing `pkg.macro()` is silently nothing while it parses),
// but compiles macros without it (dbt-core #1416): a project macro that runs while dbt parses and calls a macro no
// package defines, or calls into a package not installed, stops the parse ("'dbt_utils' is undefined"). Found on
// Velir/dbt-ga4, whose combine_property_data macro calls dbt_utils at parse time.
import type { Diagnostic } from '../../src/dbt/types.js';
import { compileFiles } from './helpers.js';

const PROJECT = 'name: p\nversion: "1.0"\nconfig-version: 2\n';

function undefinedInMacro(files: Record<string, string>): Array<Pick<Diagnostic, 'severity' | 'file' | 'line'>> {
  return compileFiles({ 'dbt_project.yml': PROJECT, ...files })
    .diagnostics.filter((d) => d.code === 'undefined-in-macro')
    .map(({ severity, file, line }) => ({ severity, file, line }));
}

describe('undefined-in-macro: a name bound by nothing, used in a project macro dbt runs while parsing', () => {
  const macros = {
    'macros/wrap.sql': [
      '{% macro missing_macro() %}{{ nosuch_macro("a") }}{% endmacro %}',
      "{% macro missing_package() %}{% set r = dbt_utils.get_relations_by_pattern('a', 'b') %}{{ r }}{% endmacro %}",
      '{% macro missing_object() %}{% set x = some_obj.attr %}{{ x }}{% endmacro %}',
      '{% macro guarded() %}{% if execute %}{{ some_obj.attr }}{% endif %}{% endmacro %}',
      "{% macro maybe() %}{% if modules.datetime.datetime.now().hour > 12 %}{{ dbt_utils.star('a') }}{% endif %}{% endmacro %}",
    ].join('\n'),
  };

  it('stops dbt (an error on the calling line) for a call into a well-known package not installed', () => {
    expect(
      undefinedInMacro({
        ...macros,
        'models/a.sql': 'select 1 as id\n{{ missing_macro() }}',
        'models/b.sql': '{{ missing_package() }}',
      }),
    ).toEqual([{ severity: 'error', file: 'models/b.sql', line: 1 }]);
  });

  // dbt's own and its adapters' macros (get_true_sql, postgres__..., hundreds) are called by their bare names: a
  // bare name is left to unknown-macro, which is an info.
  it('leaves a bare call of a name it does not know to unknown-macro', () => {
    const graph = compileFiles({ 'dbt_project.yml': PROJECT, ...macros, 'models/a.sql': '{{ missing_macro() }}' });
    expect(graph.diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual(['unknown-macro info']);
  });

  it("is a warning for another unknown name, which dbt's context might hold", () => {
    expect(undefinedInMacro({ ...macros, 'models/c.sql': '{{ missing_object() }}' })).toEqual([
      { severity: 'warning', file: 'models/c.sql', line: 1 },
    ]);
  });

  it('is said of what may not run only as a warning, and not at all of what does not run while dbt parses', () => {
    expect(undefinedInMacro({ ...macros, 'models/d.sql': '{{ guarded() }}' })).toEqual([]);
    expect(undefinedInMacro({ ...macros, 'models/e.sql': '{{ maybe() }}' })).toEqual([
      { severity: 'warning', file: 'models/e.sql', line: 1 },
    ]);
  });

  it("is not said of the same calls in the model's own SQL, where dbt's Undefined is lenient", () => {
    const body = '{{ nosuch_macro("a") }} {{ dbt_utils.star(ref("x")) }} {% set y = some_obj.attr %}';
    expect(undefinedInMacro({ 'models/x.sql': 'select 1', 'models/f.sql': body })).toEqual([]);
  });

  it('is not said where `is defined` guards the use, as the name is undefined there as in dbt', () => {
    const guarded = {
      'macros/guards.sql': [
        '{% macro g1() %}{% if some_obj is defined %}{{ some_obj.attr }}{% endif %}ok{% endmacro %}',
        '{% macro g2() %}{% if some_obj is defined and some_obj.attr %}x{% endif %}ok{% endmacro %}',
        "{% macro g3() %}{% if some_obj is not defined %}{{ return('none') }}{% endif %}{{ some_obj.attr }}{% endmacro %}",
        "{% macro g4() %}{{ some_obj.attr if some_obj is defined else 'no' }}{% endmacro %}",
      ].join('\n'),
      'models/g.sql': "{{ config(alias=g3() ~ '_' ~ g4() ~ '_' ~ g1() ~ g2()) }}select 1",
    };
    expect(undefinedInMacro(guarded)).toEqual([]);
    const graph = compileFiles({ 'dbt_project.yml': PROJECT, ...guarded });
    expect(graph.nodes['model.p.g']!.config.alias).toBe('none_no_okok');
  });

  it('is not said of a package the project installs (dbt_packages/ is rarely committed)', () => {
    const packages = { 'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n' };
    expect(undefinedInMacro({ ...macros, ...packages, 'models/b.sql': '{{ missing_package() }}' })).toEqual([]);
  });
});

// Jinja's own check of a macro call (a TypeError dbt turns into a compilation error): a keyword the macro does not
// declare, or too many positional arguments, unless its body reads kwargs / varargs. datavault4dbt's hub passed
// `disable_hwm=` to an older adapter implementation that did not take it.
describe('invalid-macro-call: a project macro called with arguments it does not take', () => {
  it('stops dbt, unless the macro reads kwargs or varargs', () => {
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      'macros/m.sql': [
        '{% macro plain(a) %}{{ a }}{% endmacro %}',
        '{% macro open(a) %}{{ a }}{{ kwargs }}{{ varargs }}{% endmacro %}',
      ].join('\n'),
      'models/a.sql':
        '{{ plain(1, b=2) }}\n{{ plain(1, 2) }}\n{{ open(1, 2, b=3) }}\n{{ plain(a=1) }}\n{{ plain(1, a=2) }}\n{% call plain(1) %}x{% endcall %}',
    });
    expect(
      graph.diagnostics
        .filter((d) => d.code === 'invalid-macro-call')
        .map((d) => `${d.severity} ${d.line} ${d.message.slice(0, d.message.indexOf(':'))}`),
    ).toEqual([
      "error 1 macro 'plain' takes no keyword argument 'b'",
      "error 2 macro 'plain' takes not more than 1 argument(s)",
      "error 5 macro 'plain' takes no keyword argument 'a'",
      "error 6 macro 'plain' was invoked with two values for the special caller argument (a `{% call %}` block on a macro that never calls caller())",
    ]);
  });
});
