// The Probot entry: wires the engine, the renderer and the handlers together. No logic lives here.
import { checkPullRequest } from './check.js';
import { createApp } from './github/handlers.js';
import { rules } from './policy/rules/index.js';
import { renderMarkdown } from './report/render/markdown.js';

const ruleSummaries = Object.fromEntries(rules.map((rule) => [rule.meta.id, rule.meta.summary]));

export default createApp({ engine: checkPullRequest, render: (report) => renderMarkdown(report, { ruleSummaries }) });
