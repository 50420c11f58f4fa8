// contracts/breaking-change: a change that breaks the interface of a model others rely on (public, or with an
// enforced contract, at base) while other teams' models or exposures consume it. The consumers are read at base,
// each judged by what its refs get at head (nothing, another version, or a changed model); their teams are asked
// to review.
import { z } from 'zod';
import type { Column, Exposure, Graph, GraphNode, Position, RefCall } from '../../../dbt/types.js';
import { diffColumns } from '../../../diff/columns.js';
import type { ColumnChange, NodeChange } from '../../../diff/types.js';
import { nodePosition } from '../../nodes.js';
import type { FindingDraft, Ownership, Rule, RuleContext } from '../../rule.js';
import { callsTo, isLatest, resolveCall, sameVersion } from './edges.js';

type Options = Record<string, never>;

interface Consumer {
  id: string;
  label: string;
  /** What the list is sorted by: the name, then the version or team as the label shows them. */
  sortKey: string;
  team: string | null;
  exposure: boolean;
}

interface Break {
  messageId: string;
  subject: string;
  pos: Position;
  /** `pos` is in the base version (the model or version is gone at head). */
  atBase?: boolean;
  data?: Record<string, string>;
}

const RANK = { private: 0, protected: 1, public: 2 } as const;
const TAIL = ', which breaks its consumers: {{consumers}}.';

/** Consumers named in a message; a core model's hundreds are counted, not listed (`related` holds them all). */
const LISTED_CONSUMERS = 10;

function listed(labels: string[]): string {
  if (labels.length <= LISTED_CONSUMERS) return labels.join(', ');
  return `${labels.slice(0, LISTED_CONSUMERS).join(', ')} and ${labels.length - LISTED_CONSUMERS} more`;
}

/** What one of a consumer's refs to the model gets at head: a model, or nothing (the ref dangles). */
interface Target {
  node: GraphNode | null;
  /** The ref names no version: it follows `latest_version`. */
  unpinned: boolean;
  /** The very ref (same package and version) reached the model at base: the pull request did not rewrite it. */
  kept: boolean;
}

/**
 * What a base consumer of `model` gets at head, one target per ref: the refs that reached the model at base,
 * and refs to it the pull request wrote anew (a consumer it pinned to a version). A consumer the pull request
 * removed, or moved off the model, gets nothing to judge.
 */
function targetsAtHead(base: Graph, head: Graph, consumer: Consumer, model: GraphNode): Target[] {
  const before = base.nodes[consumer.id] ?? base.exposures[consumer.id];
  const after = head.nodes[consumer.id] ?? head.exposures[consumer.id] ?? (before && reidentified(head, before));
  if (before === undefined || after === undefined) return [];
  // By name: the pull request may qualify the ref with the package the model moved to.
  const names = (call: RefCall) => call.name === model.name;
  const key = (call: RefCall) => `${call.package ?? ''}\0${call.version === null ? '' : String(call.version)}`;
  const reached = new Set(callsTo(base, before, model.unique_id).map(key));
  const written = new Set(before.refs.filter(names).map(key));
  const targets = new Map<string, Target>();
  for (const call of after.refs) {
    // A call written at base that reached another version is not about this one (unless no call could be
    // matched to the model at base: then every call naming it counts, the safer reading).
    const other = written.has(key(call)) && reached.size > 0 && !reached.has(key(call));
    if (!names(call) || targets.has(key(call)) || other) continue;
    targets.set(key(call), {
      // Strictly: only the latest version answers to the bare name in dbt (a disabled latest leaves nothing).
      node: resolveCall(head, after, call, true),
      unpinned: call.version === null,
      kept: reached.has(key(call)),
    });
  }
  return [...targets.values()];
}

/**
 * A consumer model whose unique_id the pull request changed (versioned too, or moved into a package): the head
 * model of that name, its latest version first. Exposures keep their ids.
 */
function reidentified(head: Graph, before: GraphNode | Exposure): GraphNode | undefined {
  if (before.resource_type !== 'model') return undefined;
  const same = Object.values(head.nodes).filter((n) => n.resource_type === 'model' && n.name === before.name);
  return same.find(isLatest) ?? same[0];
}

/** Direct consumers at base: models (of every team) and exposures, each with how it refs the model. */
function consumersAt(base: Graph, model: GraphNode, owners: Ownership): Consumer[] {
  const consumers: Consumer[] = [];
  for (const id of base.child_map[model.unique_id] ?? []) {
    const node = base.nodes[id];
    const exposure = base.exposures[id];
    const item = node?.resource_type === 'model' ? node : exposure;
    if (item === undefined) continue;
    if (exposure !== undefined) {
      consumers.push({
        id,
        label: `exposure \`${exposure.name}\``,
        sortKey: exposure.name,
        team: null,
        exposure: true,
      });
    } else if (node !== undefined) {
      const name = `\`${node.name}\`${node.version === null ? '' : ` v${String(node.version)}`}`;
      const team = owners.teamOf(id);
      const sortKey = `${node.name} ${node.version === null ? '' : String(node.version)} ${team ?? ''}`;
      consumers.push({ id, label: `${name} (${team ?? 'no team'})`, sortKey, team, exposure: false });
    }
  }
  // Models first, then exposures, each by name: the message reads as a list a reviewer can scan.
  return consumers.sort((a, b) => Number(a.exposure) - Number(b.exposure) || byName(a.sortKey, b.sortKey));
}

/**
 * Case-insensitive, then by code unit: the same order on every machine. (`localeCompare` follows the machine's
 * locale, and its first call loads ICU's collator: ~7 ms of every check that has a breaking change to report.)
 */
function byName(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function columnAt(columns: Record<string, Column>, name: string | undefined): Column | undefined {
  return Object.values(columns).find((c) => c.name.toLowerCase() === name?.toLowerCase());
}

/** Breaking column changes. A type declared for the first time, or no longer declared, says nothing of the data. */
function breakingColumns(changes: ColumnChange[]): ColumnChange[] {
  return changes.filter(
    (c) => c.kind === 'removed' || c.kind === 'renamed' || (c.kind === 'retyped' && c.fromType && c.toType),
  );
}

function describeColumn(c: ColumnChange): string {
  if (c.kind === 'renamed') return `\`${c.column}\` renamed to \`${c.to ?? ''}\``;
  if (c.kind === 'retyped') return `\`${c.column}\` retyped from ${c.fromType ?? ''} to ${c.toType ?? ''}`;
  return `\`${c.column}\` removed`;
}

/** What head did to a model that is gone for a consumer whose ref resolves to nothing. */
function goneBreak(before: GraphNode, change: NodeChange, head: Graph): Break {
  const disabled = change.disabled ? head.disabled[before.unique_id]?.[0] : undefined;
  if (disabled) return { messageId: 'disabled', subject: 'removed', pos: nodePosition(disabled) };
  // The model stays but unpinned refs find nothing: its family's latest version is disabled at head.
  const disabledLatest = head.nodes[before.unique_id]
    ? Object.values(head.disabled)
        .flat()
        .find((n) => n.name === before.name && n.version !== null && isLatest(n))
    : undefined;
  if (disabledLatest) return { messageId: 'disabled', subject: 'removed', pos: nodePosition(disabledLatest) };
  const atBase = nodePosition(before);
  if (before.version === null) return { messageId: 'removed', subject: 'removed', pos: atBase, atBase: true };
  const data = { version: String(before.version) };
  return { messageId: 'versionRemoved', subject: 'removed', pos: atBase, atBase: true, data };
}

/** What a node's consumers see of its change: columns, contract and access (shared by a node and its successor). */
function shapeBreaks(before: GraphNode, after: GraphNode): Break[] {
  const breaks: Break[] = [];
  const columns = breakingColumns(diffColumns(before.columns, after.columns));
  if (columns.length > 0) {
    const first = columns
      .map((c) => columnAt(after.columns, c.kind === 'renamed' ? c.to : c.column)?.pos)
      .find(Boolean);
    const data = { columns: columns.map(describeColumn).join(', ') };
    breaks.push({ messageId: 'columns', subject: 'columns', pos: first ?? nodePosition(after), data });
  }
  if (before.contract.enforced && !after.contract.enforced) {
    const pos = after.configPositions['contract'] ?? nodePosition(after);
    breaks.push({ messageId: 'contractDropped', subject: 'contract', pos });
  }
  if (RANK[after.access] < RANK[before.access]) {
    const pos = after.configPositions['access'] ?? nodePosition(after);
    breaks.push({
      messageId: 'accessNarrowed',
      subject: 'access',
      pos,
      data: { from: before.access, to: after.access },
    });
  }
  return breaks;
}

/**
 * An unpinned ref that meant `before` (its latest version) and now means another version: the consumer switches
 * silently. Reported at the old version's entry when it stays, else at the new latest's.
 */
function latestMoved(before: GraphNode, now: GraphNode, head: Graph): Break {
  const pos = nodePosition(head.nodes[before.unique_id] ?? now);
  const data = { from: String(before.latest_version), to: String(now.version) };
  return { messageId: 'latestMoved', subject: 'latest_version', pos, data };
}

export const breakingChange: Rule<Options> = {
  meta: {
    id: 'contracts/breaking-change',
    category: 'contracts',
    defaultSeverity: 'error',
    summary: 'No breaking change to a public or contracted model that other teams or exposures consume.',
    rationale:
      'A public model, or one with an enforced contract, is a promise to its consumers. Removing it, removing, ' +
      'renaming or retyping a column, dropping the contract, narrowing access or moving the latest version ' +
      'breaks every team and dashboard downstream at once, often only after deploy. dbt model versions exist ' +
      'so that a breaking change ships next to the old shape while consumers migrate.',
    fix:
      'Ship the change as a new model version and keep the old one (with a `deprecation_date`), or agree on ' +
      'the change with the consuming teams, who are asked to review.',
    messages: {
      removed: '`{{name}}` ({{promise}}) is removed' + TAIL,
      disabled: '`{{name}}` ({{promise}}) is disabled' + TAIL,
      versionRemoved: 'Version {{version}} of `{{name}}` ({{promise}}) is removed' + TAIL,
      columns: '`{{name}}` ({{promise}}) changes columns ({{columns}})' + TAIL,
      contractDropped: 'The contract of `{{name}}` is no longer enforced' + TAIL,
      accessNarrowed: '`{{name}}` ({{promise}}) is narrowed from `{{from}}` to `{{to}}`' + TAIL,
      latestMoved:
        'The latest version of `{{name}}` moves from {{from}} to {{to}}: consumers that ref it without a ' +
        'version switch silently: {{consumers}}.',
    },
    options: z.object({}).strict() as z.ZodType<Options>,
  },
  *check({ base, head, diff, baseOwnership }: RuleContext<Options>): Iterable<FindingDraft> {
    for (const change of Object.values(diff.nodes)) {
      const before = base.nodes[change.unique_id];
      if (before?.resource_type !== 'model' || (before.access !== 'public' && !before.contract.enforced)) continue;
      const producerTeam = baseOwnership.teamOf(before.unique_id);
      const all = consumersAt(base, before, baseOwnership);
      // Exposures always count; a model counts when its team differs (an unowned one is not proven the same).
      const outside = (list: Consumer[]) => list.some((c) => c.exposure || c.team !== producerTeam);
      if (!outside(all)) continue;
      const promise = [before.access === 'public' ? 'public' : '', before.contract.enforced ? 'contracted' : '']
        .filter(Boolean)
        .join(', ');
      // Each consumer is judged by what its refs get at head; the breaks are reported once each, with the
      // consumers they reach.
      // What head did to the model, for consumers left with nothing: worked out once, when one is.
      let gone: Break | undefined;
      const found = new Map<string, { broken: Break; consumers: Consumer[] }>();
      const add = (broken: Break, consumer: Consumer) => {
        const key = `${broken.messageId}\0${broken.subject}`;
        const entry = found.get(key) ?? { broken, consumers: [] };
        found.set(key, entry);
        if (!entry.consumers.includes(consumer)) entry.consumers.push(consumer);
      };
      for (const consumer of all) {
        for (const target of targetsAtHead(base, head, consumer, before)) {
          if (target.node === null) {
            add((gone ??= goneBreak(before, change, head)), consumer);
            continue;
          }
          // An unpinned ref now meaning another version: the latest moved, which is the break (whatever differs).
          // Only a ref left unpinned as it was, whose latest version it meant at base, can switch silently.
          const wasLatest = before.version !== null && sameVersion(before.version, before.latest_version);
          const switched =
            target.unpinned &&
            target.kept &&
            wasLatest &&
            target.node.version !== null &&
            !sameVersion(target.node.version, before.version);
          if (switched) add(latestMoved(before, target.node, head), consumer);
          else for (const broken of shapeBreaks(before, target.node)) add(broken, consumer);
        }
      }
      for (const { broken, consumers } of found.values()) {
        const affected = all.filter((c) => consumers.includes(c));
        if (!outside(affected)) continue;
        const teams = affected.flatMap((c) => (c.team !== null && c.team !== producerTeam ? [c.team] : []));
        yield {
          messageId: broken.messageId,
          data: { ...broken.data, name: before.name, promise, consumers: listed(affected.map((c) => c.label)) },
          node: before.unique_id,
          subject: broken.subject,
          pos: broken.pos,
          ...(broken.atBase ? { atBase: true } : {}),
          related: affected.map((c) => c.id),
          teams,
        };
      }
    }
  },
};
