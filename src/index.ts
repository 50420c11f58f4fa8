// The Probot entry: wires the engine, the renderer and the handlers together. No logic lives here.
import { checkPullRequest } from './check.js';
import { createApp } from './github/handlers.js';
import { rules } from './policy/rules/index.js';
import { renderMarkdown } from './report/render/markdown.js';

const ruleSummaries = Object.fromEntries(rules.map((rule) => [rule.meta.id, rule.meta.summary]));

// Probot reads APP_ID too; the handlers use it to tell the App's own check runs and review requests from others'.
const appId = /^\d+$/.test(process.env['APP_ID'] ?? '') ? Number(process.env['APP_ID']) : undefined;

export default createApp({
  engine: checkPullRequest,
  render: (report) => renderMarkdown(report, { ruleSummaries }),
  ...(appId === undefined ? {} : { appId }),
});
