// dbt 1.11+'s user-defined functions: a function's signature from its property entry. The function nodes are built
// as models are (build.ts); the `function()` calls of nodes are linked to them with the manifest's (manifest-links.ts).
import type { Diagnostic, FunctionSignature } from './types.js';
import type { PatchEntry } from './properties.js';
import { isRecord } from './yaml.js';

/**
 * A function's `arguments:` and `returns:` as dbt's FunctionArgument / FunctionReturns write them (a field not
 * given is null). A non-defaulted argument after a defaulted one stops dbt (an error here); a missing `returns:` is a
 * warning. The rest of the entry is read all the same.
 */
export function functionSignature(
  name: string,
  file: string,
  patch: PatchEntry | null,
  diagnostics: Diagnostic[],
): FunctionSignature {
  const data = patch?.data ?? {};
  const returns = data['returns'];
  if (!isRecord(returns) || returns['data_type'] === undefined) {
    // dbt's FunctionReturns has no default and its docs call `returns` required: what dbt makes of a function
    // without one is not known here, so it is said, and the return type is null.
    diagnostics.push({
      code: 'invalid-function',
      severity: 'warning',
      message: patch
        ? `function \`${name}\` has no \`returns: data_type:\` in its property entry, which dbt requires; its return type is null here`
        : `function \`${name}\` has no property entry (\`functions:\` with \`returns: data_type:\`), which dbt requires; its return type is null here`,
      file: patch ? patch.file : file,
      line: patch ? patch.lines.key(data, 'returns', patch.line) : 1,
    });
  }
  const written = Array.isArray(data['arguments']) ? data['arguments'] : [];
  const args: FunctionSignature['arguments'] = [];
  let defaulted: unknown = undefined;
  for (const item of written) {
    if (!isRecord(item)) continue;
    const hasDefault = item['default_value'] !== undefined && item['default_value'] !== null;
    if (hasDefault) defaulted ??= item['name'];
    else if (defaulted !== undefined && patch) {
      diagnostics.push({
        code: 'invalid-function',
        severity: 'error',
        message: `Non-defaulted argument '${String(item['name'])}' of function '${name}' comes after a defaulted argument (\`${String(defaulted)}\`); dbt stops here`,
        file: patch.file,
        line: patch.lines.of(item, patch.line),
      });
    }
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
