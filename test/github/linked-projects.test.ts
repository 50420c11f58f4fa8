import { describe, expect, it } from '@jest/globals';
import { linkedRoots } from '../../src/github/linked-projects.js';

// core/ is a local package of marketing/ and finance/; reporting/ uses marketing/; ops/ stands alone;
// integration_tests/ uses the repository root's project (`local: ../`).
const uses: Record<string, string[]> = {
  'marketing/': ['core/'],
  'finance/': ['core/', 'vendor/'],
  'reporting/': ['marketing/'],
  'integration_tests/': [''],
};
const all = ['', 'core/', 'finance/', 'integration_tests/', 'marketing/', 'ops/', 'reporting/'];
const linked = (touched: string[]) => linkedRoots(touched, all, (root) => uses[root] ?? []);

describe('linkedRoots', () => {
  it('adds the consumers of a touched package, transitively, and what they use', () => {
    expect(linked(['core/'])).toEqual(['core/', 'finance/', 'marketing/', 'reporting/']);
  });

  it('adds the packages a touched consumer needs to compile, but not their other consumers', () => {
    expect(linked(['marketing/'])).toEqual(['core/', 'marketing/', 'reporting/']);
  });

  it('leaves unlinked projects out, and ignores packages that are not projects of the tree', () => {
    expect(linked(['ops/'])).toEqual(['ops/']);
    expect(linked(['finance/'])).toEqual(['core/', 'finance/']);
  });

  it('links integration_tests (`local: ../`) to the root project', () => {
    expect(linked([''])).toEqual(['', 'integration_tests/']);
  });
});
