// Test harness for the App: a real Probot instance with the App loaded, nock with the network disabled, every
// request recorded and validated against GitHub's OpenAPI description, and the review log lines captured.
import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { pino } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { OpenApiValidator, type RecordedRequest } from '../../scripts/github-double/openapi.js';
import { createCache, type GitHubCache } from '../../src/github/cache.js';
import { createApp } from '../../src/github/handlers.js';
import type { Engine } from '../../src/github/review.js';
import type { Report } from '../../src/report/types.js';

export const API = 'https://api.github.com';
export const REPO = '/repos/Codertocat/Hello-World';
export const NOW = new Date('2026-11-26T09:00:00Z');

let validator: OpenApiValidator | null = null;

/**
 * Probot passes its own throttling options to every Octokit it builds (GitHub asks for a pause between writes),
 * which would make each test wait seconds. Tests talk to nock, so throttling and retries are switched off here.
 */
class UnthrottledOctokit extends ProbotOctokit {
  constructor(options: ConstructorParameters<typeof ProbotOctokit>[0] = {}) {
    super({ ...options, throttle: { enabled: false }, retry: { enabled: false } });
  }
}
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
});

export interface Harness {
  probot: Probot;
  api: nock.Scope;
  requests: RecordedRequest[];
  failures: string[];
  logs: Array<Record<string, unknown>>;
  engineCalls: Parameters<Engine>[0][];
  cache: GitHubCache;
}

export function setup(report: Report | (() => Report), cache: GitHubCache = createCache()): Harness {
  nock.disableNetConnect();
  validator ??= new OpenApiValidator();
  const requests: RecordedRequest[] = [];
  const failures: string[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const engineCalls: Parameters<Engine>[0][] = [];
  const engine: Engine = (input) => {
    engineCalls.push(input);
    return { report: typeof report === 'function' ? report() : report };
  };
  const log = pino(
    { level: 'info' },
    { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const probot = new Probot({
    appId: 1,
    privateKey,
    log,
    Octokit: UnthrottledOctokit,
  });
  void probot.load(createApp({ engine, render: () => '## summary', cache, now: () => NOW, appId: 1 }));
  const api = nock(API);
  const check = validator;
  api.on('request', (req: { method: string; path: string }, _interceptor: unknown, body: string) => {
    const request = { method: req.method, path: req.path, body: body ? (JSON.parse(body) as unknown) : undefined };
    requests.push(request);
    failures.push(...check.validate(request));
  });
  // Optional: an event the App ignores never asks for a token.
  api.post('/app/installations/1/access_tokens').optionally().reply(201, { token: 'ghs_test', permissions: {} });
  return { probot, api, requests, failures, logs, engineCalls, cache };
}

/** The requests after the installation token, as `METHOD path` lines. */
export function calls(harness: Harness): string[] {
  return harness.requests.filter((r) => !r.path.endsWith('/access_tokens')).map((r) => `${r.method} ${r.path}`);
}

export function bodyOf(harness: Harness, method: string, path: string, nth = 0): unknown {
  return harness.requests.filter((r) => r.method === method && r.path === path)[nth]?.body;
}

export function finish(harness: Harness): void {
  expect(harness.failures).toEqual([]);
  expect(harness.api.pendingMocks()).toEqual([]);
  expect(harness.api.isDone()).toBe(true);
  nock.cleanAll();
}

/** A git tree response for `path -> [sha, size]`. */
export function tree(files: Record<string, string>, truncated = false, sizes: Record<string, number> = {}) {
  return {
    sha: 't'.repeat(40),
    url: '',
    truncated,
    tree: Object.entries(files).map(([path, sha]) => ({
      path,
      mode: '100644',
      type: 'blob',
      sha,
      size: sizes[path] ?? 10,
      url: '',
    })),
  };
}

/** A GraphQL reply function serving blobs by SHA from the query's `object(oid:)` aliases. */
export function graphqlBlobs(blobs: Record<string, string | null>) {
  return (_uri: string, body: unknown) => {
    const query = String((body as { query?: string }).query ?? '');
    const repository: Record<string, unknown> = {};
    for (const [, alias = '', sha = ''] of query.matchAll(/(\w+): object\(oid: "([0-9a-f]{40})"\)/g)) {
      const text = blobs[sha];
      repository[alias] =
        text === undefined ? null : { text, isBinary: text === null, isTruncated: false, byteSize: text?.length ?? 0 };
    }
    return { data: { repository } };
  };
}

/** A 40-hex SHA made from a short label, so tests read `sha('orders-head')`. */
export function sha(label: string): string {
  let hex = '';
  for (const char of label) hex += char.charCodeAt(0).toString(16);
  return hex.padEnd(40, '0').slice(0, 40);
}
