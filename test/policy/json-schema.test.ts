// The committed JSON schema equals the generated one. Refresh it with UPDATE_SCHEMA=1.
import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import yaml from 'js-yaml';
import { generateConfigJsonSchema } from '../../src/policy/json-schema.js';
import { rules } from '../../src/policy/rules/index.js';

const PATH = new URL('../../docs/config.schema.json', import.meta.url);

describe('config JSON schema', () => {
  const generated = `${JSON.stringify(generateConfigJsonSchema(), null, 2)}\n`;

  test('docs/config.schema.json is current (UPDATE_SCHEMA=1 refreshes it)', () => {
    if (process.env['UPDATE_SCHEMA'] === '1') writeFileSync(PATH, generated);
    expect(readFileSync(PATH, 'utf8')).toBe(generated);
  });

  test('it lists every registered rule and rejects unknown ones', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(generateConfigJsonSchema());
    const ids = rules.map((rule) => rule.meta.id);
    expect(validate(yaml.load(`rules:\n  ${ids[0]}: warning\n`))).toBe(true);
    expect(validate(yaml.load('rules:\n  no/such-rule: warning\n'))).toBe(false);
    expect(validate(yaml.load('scope:\n  report_existing: yes-please\n'))).toBe(false);
  });
});
