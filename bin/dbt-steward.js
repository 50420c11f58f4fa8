#!/usr/bin/env node
// Runs the CLI from the TypeScript sources through tsx, so that `npx dbt-steward` works right after `npm ci`
// with no build step. (Benchmarks run the compiled build, `dist/src/cli/main.js`, directly.)
const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
