// Before timing anything, checks that the commands under test do real work: `manifest` must print a graph
// with the generated models, `check` a JSON report. A stub that exits 0 would otherwise look very fast.
import { spawnSync } from 'node:child_process';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function runJson(args: string[], cwd: string, okCodes: number[]): { json: unknown; error: string | null } {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const status = result.status ?? -1;
  if (result.error || !okCodes.includes(status)) {
    const stderr = (result.stderr ?? '').trim().split('\n').slice(-3).join(' / ');
    return { json: null, error: `exit code ${status}${stderr ? `: ${stderr}` : ''}` };
  }
  try {
    return { json: JSON.parse(result.stdout), error: null };
  } catch {
    return { json: null, error: `stdout is not JSON: ${JSON.stringify(result.stdout.slice(0, 80))}` };
  }
}

/** Runs `manifest` on a small generated project; returns notes for the report (empty when all is well). */
export function checkManifest(cli: string, dir: string, expectedModels: number, cwd: string): string[] {
  const { json, error } = runJson([cli, 'manifest', dir], cwd, [0]);
  if (error !== null) return [`\`manifest\` does not work yet (${error}): its timings are not meaningful.`];
  const nodes = isRecord(json) && isRecord(json['nodes']) ? Object.values(json['nodes']) : [];
  const models = nodes.filter((node) => isRecord(node) && node['resource_type'] === 'model').length;
  const edges = nodes.reduce<number>((sum, node) => {
    const dependsOn = isRecord(node) && isRecord(node['depends_on']) ? node['depends_on']['nodes'] : [];
    return sum + (Array.isArray(dependsOn) ? dependsOn.length : 0);
  }, 0);
  if (models !== expectedModels || edges === 0) {
    return [
      `\`manifest\` printed ${models} of ${expectedModels} models and ${edges} edges on a small generated project: ` +
        'the compiler is incomplete, so its timings are not meaningful.',
    ];
  }
  return [];
}

/** Runs `parse --format json` on the same small project: it must count the generated models. */
export function checkParse(cli: string, dir: string, expectedModels: number, cwd: string): string[] {
  const { json, error } = runJson([cli, 'parse', dir, '--format', 'json'], cwd, [0]);
  if (error !== null) return [`\`parse\` does not work yet (${error}): its timings are not meaningful.`];
  const projects = isRecord(json) && Array.isArray(json['projects']) ? json['projects'] : [];
  const models = projects.reduce<number>(
    (sum, p) => sum + (isRecord(p) && typeof p['models'] === 'number' ? p['models'] : 0),
    0,
  );
  if (models !== expectedModels) return [`\`parse\` counted ${models} of ${expectedModels} models on a small project.`];
  return [];
}

/** Runs `check` on a small generated pull request; returns notes for the report. */
export function checkCheck(cli: string, base: string, head: string, cwd: string): string[] {
  const { json, error } = runJson([cli, 'check', '--base', base, '--head', head, '--format', 'json'], cwd, [0, 1]);
  if (error !== null) return [`\`check\` does not work yet (${error}): its timings are not meaningful.`];
  if (!isRecord(json) || typeof json['conclusion'] !== 'string' || !Array.isArray(json['findings'])) {
    return ['`check --format json` printed JSON without `conclusion` and `findings`.'];
  }
  return [];
}
