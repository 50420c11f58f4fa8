// dbt 1.11+'s user-defined functions: a function's signature from its property entry. The function nodes are built
// as models are (build.ts); the `function()` calls of nodes are linked to them with the manifest's (manifest-links.ts).
import type { Diagnostic, FunctionSignature } from './types.js';
import type { PatchEntry } from './properties.js';
import { isRecord } from './yaml/yaml.js';

/**
 * A function's `arguments:` and `returns:` as dbt's FunctionArgument / FunctionReturns write them (a field not
 * given is null). What dbt's validation refuses (no `returns: data_type:`, arguments without a name and a type, a
 * non-defaulted argument after a defaulted one) is an error; a function without an entry a warning. The rest of
 * the entry is read all the same.
 */
export function functionSignature(
  name: string,
  file: string,
  patch: PatchEntry | null,
  diagnostics: Diagnostic[],
): FunctionSignature {
  if (patch === null) {
    // dbt's FunctionReturns has no default and its docs call `returns` required: what dbt makes of a function
    // without any entry is not known here, so it is said, and the return type is null.
    diagnostics.push({
      code: 'invalid-function',
      severity: 'warning',
      message: `function \`${name}\` has no property entry (\`functions:\` with \`returns: data_type:\`), which dbt requires; its return type is null here`,
      file,
      line: 1,
    });
    return { returns: { data_type: null, description: null }, arguments: [] };
  }
  const data = patch.data;
  // What dbt's validation of the entry refuses (it stops there): said on its line, the rest still read.
  const refuse = (message: string, line: number) =>
    diagnostics.push({
      code: 'invalid-function',
      severity: 'error',
      message: `${message}; dbt stops here`,
      file: patch.file,
      line,
    });
  const returns = data['returns'];
  if (!isRecord(returns) || typeof returns['data_type'] !== 'string')
    refuse(
      `function \`${name}\` needs \`returns:\` with a \`data_type:\` string`,
      patch.lines.key(data, 'returns', patch.line),
    );
  const written = data['arguments'] ?? [];
  if (!Array.isArray(written))
    refuse(`\`arguments:\` of function \`${name}\` is not a list`, patch.lines.key(data, 'arguments', patch.line));
  const args: FunctionSignature['arguments'] = [];
  let defaulted: unknown = undefined;
  const list = Array.isArray(written) ? written : [];
  for (const [index, item] of list.entries()) {
    if (!isRecord(item) || typeof item['name'] !== 'string' || typeof item['data_type'] !== 'string') {
      refuse(
        `an argument of function \`${name}\` needs a \`name:\` and a \`data_type:\` string`,
        patch.lines.item(list, index, patch.lines.key(data, 'arguments', patch.line)),
      );
      if (!isRecord(item)) continue;
    }
    const hasDefault = item['default_value'] !== undefined && item['default_value'] !== null;
    if (hasDefault) defaulted ??= item['name'];
    else if (defaulted !== undefined)
      refuse(
        `Non-defaulted argument '${String(item['name'])}' of function '${name}' comes after a defaulted argument (\`${String(defaulted)}\`)`,
        patch.lines.of(item, patch.line),
      );
    args.push({
      name: item['name'] ?? null,
      data_type: item['data_type'] ?? null,
      description: item['description'] ?? null,
      default_value: item['default_value'] ?? null,
    });
  }
  return {
    returns: {
      data_type: isRecord(returns) ? (returns['data_type'] ?? null) : null,
      description: isRecord(returns) ? (returns['description'] ?? null) : null,
    },
    arguments: args,
  };
}
