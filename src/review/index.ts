// The review planner's public face: Report -> ReviewPlan, and the helpers the GitHub shell needs to build its input.
export * from './types.js';
export { planReview } from './plan.js';
export { baseDiffLinesOf, commentableLines, diffLinesOf } from './patch.js';
export { activeFingerprint, commentBody, findingMarker, outdatedBody } from './comments.js';
export { changedSettings, describeConfigChange, type ConfigChange } from './config-change.js';
