// The README shows the report of the bundled example pull request; this keeps it true. After a deliberate
// change to a rule or to the text renderer, refresh it with UPDATE_README=1.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../cli/harness.js';

const START = '<!-- example-report:start -->';
const END = '<!-- example-report:end -->';

describe('README example report', () => {
  it('is what `dbt-steward check` prints for examples/mesh today', async () => {
    const argv = ['check', '--base', 'examples/mesh/base', '--head', 'examples/mesh/head', '--today', '2026-11-26'];
    const { code, stdout } = await runCli(argv);
    expect(code).toBe(1);
    const block = `${START}\n\n\`\`\`text\n$ npx dbt-steward ${argv.join(' ')}\n${stdout.trimEnd()}\n\`\`\`\n\n${END}`;
    const path = join(ROOT, 'README.md');
    const readme = readFileSync(path, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END) + END.length;
    expect(start).toBeGreaterThan(0);
    if (process.env['UPDATE_README'] === '1') writeFileSync(path, readme.slice(0, start) + block + readme.slice(end));
    else expect(readme.slice(start, end)).toBe(block);
  });
});
