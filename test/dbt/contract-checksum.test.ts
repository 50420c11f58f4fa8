// contract.checksum as dbt's ModelNode.build_contract_checksum makes it. The expected digest is the one real
// dbt 1.11 wrote for a model of these columns, types and primary key (a public project's `orders`).
import { createHash } from 'node:crypto';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { compileFiles } from './helpers.js';

const COLUMNS = [
  ['order_id_pk', 'integer'],
  ['customer_id_fk', 'integer'],
  ['order_date', 'date'],
  ['status', 'string'],
  ['amount', 'double'],
  ['credit_card_amount', 'double'],
  ['coupon_amount', 'double'],
  ['bank_transfer_amount', 'double'],
  ['gift_card_amount', 'double'],
];

function contract(materialized: string, extra = ''): unknown {
  const yaml = [
    'models:',
    '  - name: orders',
    '    config:',
    `      materialized: ${materialized}`,
    '      contract: {enforced: true}',
    '    constraints:',
    '      - type: primary_key',
    '        columns: [order_id_pk]',
    '    columns:',
    ...COLUMNS.flatMap(([name, type]) => [`      - name: ${name}`, `        data_type: ${type}`]),
    extra,
  ].join('\n');
  const graph = compileFiles({
    'dbt_project.yml': 'name: shop\nversion: "1"\nconfig-version: 2\n',
    'models/orders.sql': 'select 1 as order_id_pk',
    'models/orders.yml': yaml,
  });
  const manifest = toManifest(graph) as { nodes: Record<string, { contract: { checksum: unknown } }> };
  return manifest.nodes['model.shop.orders']?.contract.checksum;
}

describe('contract.checksum', () => {
  it('is the digest real dbt wrote for the same columns, types and primary key', () => {
    expect(contract('table')).toBe('058bb77fbd794ebe8c8df0fda10987ab0953ab66209b37e0805189de16695492');
  });

  it('leaves out the materialization and model constraints when the materialization does not enforce them', () => {
    const state = [...COLUMNS]
      .sort(([a], [b]) => (a! < b! ? -1 : 1))
      .map(([name, type]) => `|${name}${type}[]`)
      .join('');
    expect(contract('view')).toBe(createHash('sha256').update(state).digest('hex'));
  });

  it("writes a column constraint as Python's repr of dbt's dataclass, quotes chosen as Python chooses them", () => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: shop\nversion: "1"\nconfig-version: 2\n',
      'models/checked.sql': 'select 1 as id',
      'models/checked.yml': [
        'models:',
        '  - name: checked',
        '    config: {contract: {enforced: true}}',
        '    columns:',
        '      - name: id',
        '        data_type: int',
        '        constraints:',
        '          - type: check',
        `            expression: "id > 0 and x != 'a'"`,
        '',
      ].join('\n'),
    });
    const state =
      "|idint[ColumnLevelConstraint(type=<ConstraintType.check: 'check'>, name=None, " +
      `expression="id > 0 and x != 'a'", warn_unenforced=True, warn_unsupported=True, to=None, to_columns=[])]`;
    const manifest = toManifest(graph) as { nodes: Record<string, { contract: { checksum: unknown } }> };
    expect(manifest.nodes['model.shop.checked']?.contract.checksum).toBe(
      createHash('sha256').update(state).digest('hex'),
    );
  });

  it('is null for a model without a property entry (dbt builds it while patching)', () => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: shop\nversion: "1"\nconfig-version: 2\n',
      'models/orders.sql': "{{ config(contract={'enforced': true}) }}\nselect 1 as id",
    });
    const manifest = toManifest(graph) as {
      nodes: Record<string, { contract: { enforced: unknown; checksum: unknown } }>;
    };
    expect(manifest.nodes['model.shop.orders']?.contract).toMatchObject({ enforced: true, checksum: null });
  });

  it('is null when the contract is not enforced', () => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: shop\nversion: "1"\nconfig-version: 2\n',
      'models/orders.sql': 'select 1 as id',
    });
    const manifest = toManifest(graph) as { nodes: Record<string, { contract: { checksum: unknown } }> };
    expect(manifest.nodes['model.shop.orders']?.contract.checksum).toBeNull();
  });
});
