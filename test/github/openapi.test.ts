import { describe, expect, it } from '@jest/globals';
import { OpenApiValidator } from '../../scripts/github-double/openapi.js';

const validator = new OpenApiValidator();

describe('OpenApiValidator', () => {
  it('accepts the requests the App makes', () => {
    expect(
      validator.validate({
        method: 'POST',
        path: '/repos/o/r/pulls/2/reviews',
        body: {
          commit_id: 'a',
          event: 'COMMENT',
          body: 'x',
          comments: [{ path: 'a.yml', line: 3, side: 'RIGHT', body: 'y' }],
        },
      }),
    ).toEqual([]);
    expect(
      validator.validate({ method: 'GET', path: '/repos/o/r/contents/.github%2Fdbt-steward.yml', body: undefined }),
    ).toEqual([]);
    expect(
      validator.validate({ method: 'POST', path: '/graphql', body: { query: '{ viewer { login } }', variables: {} } }),
    ).toEqual([]);
  });

  it.each([
    ['an unknown endpoint', { method: 'GET', path: '/repos/o/r/dbt', body: undefined }, 'no such endpoint'],
    [
      'a method the path does not have',
      { method: 'DELETE', path: '/repos/o/r/check-runs', body: undefined },
      'no such endpoint',
    ],
    [
      'an unknown query parameter',
      { method: 'GET', path: '/repos/o/r/pulls/1/files?per_page=100&sort=asc', body: undefined },
      'unknown query parameter `sort`',
    ],
    [
      'a body field GitHub does not accept',
      { method: 'PATCH', path: '/repos/o/r/check-runs/1', body: { state: 'done' } },
      'must NOT have additional properties',
    ],
    [
      'a value outside an enum',
      { method: 'POST', path: '/repos/o/r/pulls/1/reviews', body: { event: 'SHOUT' } },
      'must be equal to one of the allowed values',
    ],
    [
      'a body on an endpoint that takes none',
      { method: 'GET', path: '/repos/o/r/pulls/1', body: { a: 1 } },
      'takes no JSON body',
    ],
    [
      'a GraphQL request without a query',
      { method: 'POST', path: '/graphql', body: { variables: {} } },
      "must have required property 'query'",
    ],
  ])('rejects %s', (_name, request, message) => {
    expect(validator.validate(request).join('\n')).toContain(message);
  });
});
