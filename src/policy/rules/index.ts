// The rule registry: an explicit list, sorted by id. The config schema for `rules.<id>` and the documentation
// index are derived from it, so config and code cannot drift. A renamed rule keeps its old id in `ruleAliases`.
import type { Rule } from '../rule.js';
import { breakingChange } from './contracts/breaking-change.js';
import { crossTeamRef } from './contracts/cross-team-ref.js';
import { deprecatedRef } from './contracts/deprecated-ref.js';
import { newCrossTeamDependency } from './contracts/new-cross-team-dependency.js';
import { publicModelContract } from './contracts/public-model-contract.js';
import { restrictedRef } from './contracts/restricted-ref.js';
import { columnDescriptions } from './discoverability/column-descriptions.js';
import { modelHasDescription } from './discoverability/model-has-description.js';
import { similarModel } from './discoverability/similar-model.js';
import { notificationChannel } from './observability/notification-channel.js';
import { modelHasOwner } from './ownership/model-has-owner.js';
import { ownerIsKnownTeam } from './ownership/owner-is-known-team.js';
import { requiredMeta } from './ownership/required-meta.js';

export const rules: readonly Rule[] = [
  breakingChange,
  crossTeamRef,
  deprecatedRef,
  newCrossTeamDependency,
  publicModelContract,
  restrictedRef,
  columnDescriptions,
  modelHasDescription,
  similarModel,
  notificationChannel,
  modelHasOwner,
  ownerIsKnownTeam,
  requiredMeta,
];

/** Old rule id -> current id. Empty until a rule is renamed. */
export const ruleAliases: Readonly<Record<string, string>> = {};

export function findRule(id: string): Rule | undefined {
  const current = ruleAliases[id] ?? id;
  return rules.find((rule) => rule.meta.id === current);
}
