// `npm run demo`: the App end to end on this machine, loopback only. Builds a git repository from two dbt project
// folders, starts the real Probot server and webhook middleware (generated key, random webhook secret) against
// a local GitHub API double, delivers signed webhooks over HTTP (a pull request opened, then `/metadata-check`),
// and prints what the App posted. Exits non-zero if any request failed OpenAPI validation. Stops by itself.
import { createHmac, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { Probot, Server } from 'probot';
import app from '../src/index.js';
import { buildRepo, pushRevert, removeRepo } from './demo/repo.js';
import { printReview } from './demo/print.js';
import { GitRepo } from './github-double/git-repo.js';
import { commentPayload, pullRequestPayload, type PullFacts } from './github-double/payloads.js';
import { startGitHubDouble } from './github-double/server.js';

const TIMEOUT_MS = 120_000;
const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    head: { type: 'string' },
    config: { type: 'string' },
    transcript: { type: 'string' },
  },
});
// The bundled example (examples/mesh): a data-mesh project and a pull request that triggers every rule.
const baseDir = resolve(values.base ?? 'examples/mesh/base');
const headDir = resolve(values.head ?? 'examples/mesh/head');
for (const dir of [baseDir, headDir, ...(values.config ? [resolve(values.config)] : [])]) {
  if (!existsSync(dir)) {
    process.stderr.write(`demo: ${dir} does not exist (run from the repository root, or pass --base DIR --head DIR)\n`);
    process.exit(2);
  }
}
const timer = setTimeout(() => {
  process.stderr.write(`demo: gave up after ${TIMEOUT_MS / 1000}s\n`);
  process.exit(2);
}, TIMEOUT_MS);

const repo = buildRepo(baseDir, headDir, values.config ? resolve(values.config) : null);
const git = new GitRepo(repo.dir);
const facts: PullFacts = {
  owner: 'mesh-shop',
  repo: 'analytics',
  number: 42,
  baseSha: repo.baseSha,
  headSha: repo.headSha,
  author: 'octocat',
  changedFiles: git.changedFiles(repo.baseSha, repo.headSha).length,
  installationId: 1,
};
const double = await startGitHubDouble({
  repo: git,
  owner: facts.owner,
  name: facts.repo,
  defaultBranchSha: repo.baseSha,
  pull: { number: facts.number, baseSha: facts.baseSha, headSha: facts.headSha, author: facts.author },
});

const logLines: string[] = [];
const log = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
});
const secret = randomBytes(32).toString('hex');
const port = await freePort();
const server = new Server({
  Probot: Probot.defaults({ appId: 1, privateKey, secret, baseUrl: double.url, log }),
  host: '127.0.0.1',
  port,
  log,
});
await server.load(app);
await server.start();

process.stdout.write(
  `dbt-steward demo\n  repository ${repo.dir}: main ${facts.baseSha.slice(0, 7)} <- feature ${facts.headSha.slice(0, 7)} (${facts.changedFiles} changed files, from ${baseDir} and ${headDir})\n  App: Probot ${Probot.version} on http://127.0.0.1:${port}/api/github/webhooks; GitHub API double on ${double.url}\n`,
);

let exitCode = 0;
try {
  const counts: number[] = [];
  const review = async (event: string, title: string, payload: Record<string, unknown>) => {
    const before = double.requests.length;
    await deliver(port, secret, event, payload);
    await settled(double.requests);
    const made = double.requests.slice(before);
    const tokens = made.filter((r) => r.path.endsWith('/access_tokens')).length;
    counts.push(made.length - tokens);
    printReview(double.state, title, made.length - tokens, tokens);
  };
  await review('pull_request', 'pull_request.opened (cold cache)', pullRequestPayload('opened', facts));
  await review(
    'issue_comment',
    'issue_comment "/metadata-check" (warm cache: same commits, the review runs again)',
    commentPayload('/metadata-check', 'alice', facts),
  );
  // A new push that undoes the most commented file: its comments become outdated, and the review reads only
  // the blobs it has not seen.
  const target = mostCommented(double.state.comments.map((c) => c.path));
  if (target) {
    facts.headSha = pushRevert(repo, target);
    facts.changedFiles = git.changedFiles(facts.baseSha, facts.headSha).length;
    facts.requested = double.state.requested;
    double.setHead(facts.headSha);
    await review(
      'pull_request',
      `pull_request.synchronize (a push that reverts ${target})`,
      pullRequestPayload('synchronize', facts),
    );
  }
  for (const line of logLines.filter((l) => l.includes('dbt-steward review'))) process.stdout.write(`  log: ${line}`);
  process.stdout.write(
    `\nGitHub requests per review: cold ${counts[0]}, warm ${counts[1]}${counts[2] === undefined ? '' : `, new push ${counts[2]}`}\n`,
  );
  if (values.transcript) {
    const transcript = double.requests.map(({ method, path, body }) => ({ method, path, body: body ?? null }));
    writeFileSync(values.transcript, JSON.stringify(transcript, null, 2));
    process.stdout.write(`transcript of ${double.requests.length} requests: ${values.transcript}\n`);
  }
  const errors = logLines.filter((l) => /"level":(50|60)/.test(l));
  for (const line of errors) process.stdout.write(`App error: ${line}`);
  if (double.failures.length > 0) {
    exitCode = 1;
    process.stdout.write(
      `\nOpenAPI validation FAILED for ${double.failures.length} request(s):\n${double.failures.map((f) => `  ${f}`).join('\n')}\n`,
    );
  } else process.stdout.write(`OpenAPI validation: all ${double.requests.length} requests valid\n`);
  if (errors.length > 0) exitCode = 1;
} finally {
  await server.stop();
  await double.close();
  removeRepo(repo);
  clearTimeout(timer);
}
process.exit(exitCode);

/** Sends a webhook as GitHub does: JSON body, event and delivery headers, HMAC-SHA256 signature. */
async function deliver(port: number, secret: string, event: string, payload: unknown): Promise<void> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': signature,
    },
    body,
  });
  if (response.status >= 300) throw new Error(`webhook ${event} answered ${response.status}: ${await response.text()}`);
}

/** Waits until the App has made no request for a moment (the middleware may answer before handlers finish). */
async function settled(requests: readonly unknown[]): Promise<void> {
  let last = -1;
  while (requests.length !== last) {
    last = requests.length;
    await new Promise((r) => setTimeout(r, 400));
  }
}

function mostCommented(paths: string[]): string | null {
  const counts = new Map<string, number>();
  for (const path of paths) counts.set(path, (counts.get(path) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const found = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(found));
    });
  });
}
