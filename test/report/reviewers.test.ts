import { routeReviewers } from '../../src/report/reviewers.js';
import { aConfig, aFinding } from './builders.js';

const teams = {
  core: { github_team: 'core-data' },
  finance: { github_team: 'finance-analytics', users: ['fiona'] },
  growth: { users: ['gus', 'gina'] },
};

describe('routeReviewers', () => {
  it('asks the owners of changed models and the teams named by findings, mapped through config.teams', () => {
    const result = routeReviewers({
      changedModelTeams: ['core'],
      findings: [aFinding({ rule: 'contracts/breaking-change', teams: ['growth', 'finance'] })],
      config: aConfig({ teams }),
    });
    expect(result).toEqual({
      teams: ['core-data', 'finance-analytics'],
      users: ['gus', 'gina', 'fiona'],
      unmapped: [],
    });
  });

  it('deduplicates teams asked by several findings and owners (case-insensitively for logins)', () => {
    const result = routeReviewers({
      changedModelTeams: ['core', 'core', 'finance'],
      findings: [aFinding({ teams: ['finance'] }), aFinding({ teams: ['core'] })],
      config: aConfig({ teams: { ...teams, core: { github_team: 'core-data', users: ['Fiona'] } } }),
    });
    expect(result.teams).toEqual(['core-data', 'finance-analytics']);
    expect(result.users).toEqual(['Fiona']);
  });

  it('keeps the fallback for an unowned model ahead of former owners and findings under the cap', () => {
    const result = routeReviewers({
      changedModelTeams: ['finance', null],
      formerTeams: ['core'],
      findings: [aFinding({ teams: ['growth'] })],
      config: aConfig({ teams, reviewers: { max: 3, fallback: { teams: ['data-platform'], users: [] } } }),
    });
    expect(result).toEqual({ teams: ['finance-analytics', 'data-platform'], users: ['fiona'], unmapped: [] });
  });

  it('caps teams plus users at reviewers.max, owners of changed models first', () => {
    const result = routeReviewers({
      changedModelTeams: ['growth'],
      findings: [aFinding({ teams: ['finance', 'core'] })],
      config: aConfig({ teams, reviewers: { max: 3 } }),
    });
    expect(result).toEqual({ teams: ['finance-analytics'], users: ['gus', 'gina'], unmapped: [] });
  });

  it('asks the fallback when a changed model has no owner, and reports teams missing from config', () => {
    const result = routeReviewers({
      changedModelTeams: [null, 'marketing'],
      findings: [],
      config: aConfig({ teams, reviewers: { fallback: { teams: ['data-platform'], users: ['oncall'] } } }),
    });
    expect(result).toEqual({ teams: ['data-platform'], users: ['oncall'], unmapped: ['marketing'] });
  });

  it('asks the fallback when a changed model is owned by a team nobody is configured for', () => {
    const result = routeReviewers({
      changedModelTeams: ['marketing'],
      findings: [],
      config: aConfig({ reviewers: { fallback: { teams: ['data-platform'] } } }),
    });
    expect(result).toEqual({ teams: ['data-platform'], users: [], unmapped: ['marketing'] });
  });

  it('asks nobody when only teams named by findings are unmapped', () => {
    const result = routeReviewers({
      changedModelTeams: ['core'],
      findings: [aFinding({ teams: ['marketing'] })],
      config: aConfig({ teams, reviewers: { fallback: { teams: ['data-platform'] } } }),
    });
    expect(result).toEqual({ teams: ['core-data'], users: [], unmapped: ['marketing'] });
  });
});
