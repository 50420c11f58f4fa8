// The App's parse cache is shared by every repository it reviews: each repository sees its own keys.
import { compile } from '../../src/dbt/compile.js';
import type { ParseCache } from '../../src/dbt/types.js';
import { createCache, repositoryParseCache } from '../../src/github/cache.js';

/** A project whose paths and name are the same in both repositories, with texts of the same length. */
function project(flavour: 'a' | 'b'): Map<string, string> {
  return new Map([
    ['dbt_project.yml', 'name: shop\nversion: "1"\nconfig-version: 2\n'],
    ['models/orders.sql', `select '${flavour}' as id\n`],
    ['models/schema.yml', `models:\n  - name: orders\n    description: Orders ${flavour}.\n`],
  ]);
}

/** Counts entries stored, that is, parses and builds. */
function counting(inner: ParseCache): ParseCache & { stored: number } {
  const cache = {
    stored: 0,
    get: (key: string) => inner.get(key),
    set: (key: string, value: unknown, size?: number) => {
      cache.stored += 1;
      inner.set(key, value, size);
    },
  };
  return cache;
}

describe('repositoryParseCache', () => {
  it('keeps the entries of two repositories with the same layout apart', () => {
    const shared = counting(createCache().parse);
    const first = repositoryParseCache(shared, { owner: 'acme', repo: 'one' });
    const second = repositoryParseCache(shared, { owner: 'acme', repo: 'two' });
    compile(project('a'), { cache: first });
    compile(project('b'), { cache: second });
    shared.stored = 0;
    const again = compile(project('a'), { cache: first });
    expect(shared.stored).toBe(0);
    expect(again.nodes['model.shop.orders']?.description).toBe('Orders a.');
  });

  it('is needed: through one unprefixed cache the two projects evict each other', () => {
    const shared = counting(createCache().parse);
    compile(project('a'), { cache: shared });
    compile(project('b'), { cache: shared });
    shared.stored = 0;
    compile(project('a'), { cache: shared });
    expect(shared.stored).toBeGreaterThan(0);
  });
});
