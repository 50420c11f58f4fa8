import { z } from 'zod';
import { diffGraphs } from '../../src/diff/index.js';
import { policyConfigSchema } from '../../src/policy/config.js';
import type { PolicyConfig } from '../../src/policy/config.js';
import { renderMessage, runPolicies } from '../../src/policy/engine.js';
import type { Rule } from '../../src/policy/rule.js';
import { graph, model } from '../support/graph-builder.js';
import type { Graph } from '../../src/dbt/types.js';

/** A test rule: flags every ref to a private model, at the ref call; `minRefs` tunes nothing but validation. */
const noPrivateRefs: Rule<{ minRefs: number }> = {
  meta: {
    id: 'test/no-private-refs',
    category: 'contracts',
    defaultSeverity: 'warning',
    summary: 'No refs to private models.',
    rationale: 'Test.',
    fix: 'Test.',
    messages: { privateRef: '`{{consumer}}` refs private `{{producer}}`.' },
    options: z.object({ minRefs: z.number().int().default(1) }).strict(),
  },
  *check({ head }) {
    for (const node of Object.values(head.nodes)) {
      for (const ref of node.refs) {
        const target = Object.values(head.nodes).find((n) => n.name === ref.name);
        if (target?.access !== 'private') continue;
        yield {
          messageId: 'privateRef',
          data: { consumer: node.name, producer: target.name },
          node: node.unique_id,
          subject: target.unique_id,
          pos: ref.pos,
          related: [target.unique_id],
        };
      }
    }
  },
};

const throwing: Rule<Record<string, never>> = {
  meta: {
    ...noPrivateRefs.meta,
    id: 'test/throws',
    options: z.object({}).strict() as z.ZodType<Record<string, never>>,
  },
  check() {
    throw new Error('boom');
  },
};

function run(
  base: Graph,
  head: Graph,
  config: z.input<typeof policyConfigSchema> = {},
  rules: Rule[] = [noPrivateRefs],
) {
  const parsed: PolicyConfig = policyConfigSchema.parse(config);
  return runPolicies({ base, head, diff: diffGraphs(base, head), config: parsed, today: '2026-01-15', rules });
}

describe('runPolicies', () => {
  const producer = (access: 'private' | 'public') => model('customers', { access });
  const consumer = (name: string, sql = 'select 1') => model(name, { refs: ['customers'], sql });

  test('findings on untouched nodes that existed at base are existing, not in scope', () => {
    const base = graph(producer('private'), consumer('orders'), consumer('returns'));
    const head = graph(producer('private'), consumer('orders', 'select 2'), consumer('returns'));
    const result = run(base, head);
    expect(result.findings.map((f) => f.node)).toEqual(['model.shop.orders']);
    expect(result.existing.map((f) => f.node)).toEqual(['model.shop.returns']);
  });

  test('a finding new at head on an untouched node is in scope (caused by a change elsewhere)', () => {
    const base = graph(producer('public'), consumer('orders'));
    const head = graph(producer('private'), consumer('orders'));
    const result = run(base, head);
    expect(result.findings).toEqual([
      {
        rule: 'test/no-private-refs',
        messageId: 'privateRef',
        severity: 'warning',
        node: 'model.shop.orders',
        subject: 'model.shop.customers',
        file: 'models/orders.sql',
        line: 1,
        message: '`orders` refs private `customers`.',
        related: ['model.shop.customers'],
        teams: [],
        suggestion: null,
        fingerprint: 'test/no-private-refs:model.shop.orders:model.shop.customers',
      },
    ]);
    expect(result.existing).toEqual([]);
  });

  test('severity comes from config; off skips the rule', () => {
    const head = graph(producer('private'), consumer('orders'));
    expect(run(graph(), head, { rules: { 'test/no-private-refs': 'error' } }).findings[0]?.severity).toBe('error');
    expect(
      run(graph(), head, { rules: { 'test/no-private-refs': { severity: 'notice' } } }).findings[0]?.severity,
    ).toBe('notice');
    expect(run(graph(), head, { rules: { 'test/no-private-refs': 'off' } }).findings).toEqual([]);
  });

  test('invalid options skip the rule with a diagnostic', () => {
    const head = graph(producer('private'), consumer('orders'));
    const result = run(graph(), head, { rules: { 'test/no-private-refs': { options: { minRefs: 'two' } } } });
    expect(result.findings).toEqual([]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'invalid-rule-options', severity: 'error' })]);
  });

  test('a failing rule becomes a diagnostic and the other rules still run', () => {
    const head = graph(producer('private'), consumer('orders'));
    const result = run(graph(), head, {}, [noPrivateRefs, throwing]);
    expect(result.findings).toHaveLength(1);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'rule-failed', message: 'Rule test/throws failed: boom' }),
    ]);
  });

  test('findings are sorted by file, line, rule', () => {
    const head = graph(producer('private'), consumer('b'), consumer('a'), model('c', { refs: ['x', 'customers'] }));
    const result = run(graph(), head);
    expect(result.findings.map((f) => `${f.file}:${f.line}`)).toEqual([
      'models/a.sql:1',
      'models/b.sql:1',
      'models/c.sql:2',
    ]);
  });

  test('paths.exclude drops findings of nodes in excluded files', () => {
    const head = graph(producer('private'), consumer('orders'), consumer('legacy', 'x'));
    const result = run(graph(), head, { paths: { exclude: ['models/legacy.*'] } });
    expect(result.findings.map((f) => f.node)).toEqual(['model.shop.orders']);
  });

  test('nodes of packages installed in dbt_packages/ are never checked, with or without paths settings', () => {
    const vendored = model('vendor_events', {
      refs: ['customers'],
      file: 'dbt_packages/vendor/models/vendor_events.sql',
      property: null,
    });
    const head = graph(producer('private'), consumer('orders'), vendored);
    expect(run(graph(), head).findings.map((f) => f.node)).toEqual(['model.shop.orders']);
    expect(run(graph(), head, { paths: { exclude: ['models/legacy.*'] } }).findings.map((f) => f.node)).toEqual([
      'model.shop.orders',
    ]);
  });

  test('ownership is built for both graphs', () => {
    const result = run(graph(model('a', { group: 'x' })), graph(model('a', { group: 'y' })));
    expect(result.baseOwnership.teamOf('model.shop.a')).toBe('x');
    expect(result.headOwnership.teamOf('model.shop.a')).toBe('y');
  });
});

describe('renderMessage', () => {
  test('fills placeholders and leaves unknown ones visible', () => {
    expect(renderMessage('{{a}} and {{ b }} and {{c}}', { a: 1, b: 'two' })).toBe('1 and two and {{c}}');
  });
});
