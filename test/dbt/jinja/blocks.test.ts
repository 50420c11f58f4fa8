import { extractDocBlocks, extractSnapshots } from '../../../src/dbt/jinja/index.js';

describe('extractDocBlocks', () => {
  it('finds docs blocks with their line and trimmed content, whitespace control included', () => {
    const md = `# Docs\n\n{% docs orders %}\n  The orders table.\n\n  One row per order.\n{% enddocs %}\n\n{%- docs customers -%}Customers{%- enddocs -%}`;
    expect(extractDocBlocks(md)).toEqual([
      { name: 'orders', content: 'The orders table.\n\n  One row per order.', line: 3 },
      { name: 'customers', content: 'Customers', line: 9 },
    ]);
  });

  it('renders Jinja comments and raw blocks away as dbt does', () => {
    expect(extractDocBlocks(`{% docs a %}x {# hidden #}{% raw %}{{ y }}{% endraw %}{% enddocs %}`)).toEqual([
      { name: 'a', content: 'x {{ y }}', line: 1 },
    ]);
  });

  it("strips contents as Python's str.strip() does, not as JavaScript's trim()", () => {
    // U+FEFF is not whitespace to Python; U+001F (unit separator) is.
    expect(extractDocBlocks('{% docs a %}\ufeffText\u001f{% enddocs %}')).toEqual([
      { name: 'a', content: '\ufeffText', line: 1 },
    ]);
  });

  it('returns nothing for markdown without docs blocks', () => {
    expect(extractDocBlocks('# Title\nText')).toEqual([]);
  });
});

describe('extractSnapshots', () => {
  it('finds snapshot blocks with their body and the line where the body starts', () => {
    const sql = `-- header\n{% snapshot orders_snapshot %}\n{{ config(unique_key='id') }}\nselect 1\n{% endsnapshot %}\n{%- snapshot b -%}select 2{%- endsnapshot -%}`;
    expect(extractSnapshots(sql)).toEqual([
      { name: 'orders_snapshot', body: "\n{{ config(unique_key='id') }}\nselect 1\n", line: 2, bodyLine: 2 },
      { name: 'b', body: 'select 2', line: 6, bodyLine: 6 },
    ]);
  });

  it('takes the rest of the file as the body of an unclosed snapshot', () => {
    expect(extractSnapshots(`{% snapshot s %}\nselect 1`)).toEqual([
      { name: 's', body: '\nselect 1', line: 1, bodyLine: 1 },
    ]);
  });
});
