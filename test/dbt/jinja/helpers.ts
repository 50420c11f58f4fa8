// Builds a parse-time context for the Jinja tests, with partial overrides.
import type { JinjaContext } from '../../../src/dbt/jinja/index.js';

export function context(overrides: Partial<JinjaContext> = {}): JinjaContext {
  return {
    vars: {},
    target: { name: 'dev', type: 'postgres', schema: 'analytics', database: 'warehouse' },
    env: {},
    projectName: 'jaffle_shop',
    ...overrides,
  };
}
