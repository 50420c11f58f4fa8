import { renderText } from '../../src/report/render/index.js';
import { expectGolden } from './golden.js';
import { sampleReport, successReport } from './sample.js';

describe('renderText', () => {
  it('renders a failing pull request (golden)', () => {
    expectGolden('failure.golden.txt', renderText(sampleReport()));
  });

  it('renders a clean pull request (golden)', () => {
    expectGolden('success.golden.txt', renderText(successReport()));
  });

  it('puts one finding a line as file:line: severity rule message', () => {
    const lines = renderText(sampleReport()).split('\n');
    expect(lines).toContain(
      'models/growth/churn.sql:3: notice contracts/new-cross-team-dependency churn (growth) now refs orders (core).',
    );
  });
});
