// The Probot entry: wires the engine, the renderer and the handlers together. No logic lives here.
import { checkPullRequest } from './check.js';
import { createApp } from './github/handlers.js';
import { renderMarkdown } from './report/render/markdown.js';

export default createApp({ engine: checkPullRequest, render: (report) => renderMarkdown(report) });
