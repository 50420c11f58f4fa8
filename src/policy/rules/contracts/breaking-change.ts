// contracts/breaking-change: a change that breaks the interface of a model others rely on (public, or with an
// enforced contract, at base) while other teams' models or exposures consume it. The consumers are read at base,
// because the pull request is what changes them; their teams are asked to review.
import { z } from 'zod';
import type { Column, Graph, GraphNode, Position } from '../../../dbt/types.js';
import { diffColumns } from '../../../diff/columns.js';
import type { ColumnChange, NodeChange } from '../../../diff/types.js';
import { nodePosition } from '../../nodes.js';
import type { FindingDraft, Ownership, Rule, RuleContext } from '../../rule.js';
import { callsTo, resolveCall, sameVersion } from './edges.js';

type Options = Record<string, never>;

interface Consumer {
  id: string;
  label: string;
  team: string | null;
  /** True when the consumer refs the model without a version at base (it follows `latest_version`). */
  unpinned: boolean;
  /** True when the consumer refs the model pinned to its version at base (both can hold: two calls). */
  pinned: boolean;
  exposure: boolean;
}

interface Break {
  messageId: string;
  subject: string;
  pos: Position;
  /** `pos` is in the base version (the model or version is gone at head). */
  atBase?: boolean;
  data?: Record<string, string>;
  /** Only consumers that ref the model unpinned are broken (a moved `latest_version`). */
  unpinnedOnly?: boolean;
  /** Only consumers that pin the version are broken (its unpinned ones now get a successor, judged apart). */
  pinnedOnly?: boolean;
  /** The model (or version) is gone at head: only consumers whose ref to it now resolves to nothing are broken. */
  gone?: boolean;
}

const RANK = { private: 0, protected: 1, public: 2 } as const;
const TAIL = ', which breaks its consumers: {{consumers}}.';

/** Consumers named in a message; a core model's hundreds are counted, not listed (`related` holds them all). */
const LISTED_CONSUMERS = 10;

function listed(labels: string[]): string {
  if (labels.length <= LISTED_CONSUMERS) return labels.join(', ');
  return `${labels.slice(0, LISTED_CONSUMERS).join(', ')} and ${labels.length - LISTED_CONSUMERS} more`;
}

/** The consumer at head (a model or an exposure), or undefined when the pull request removed it. */
function atHead(head: Graph, consumer: Consumer) {
  return head.nodes[consumer.id] ?? head.exposures[consumer.id];
}

/**
 * Whether a consumer is left, at head, with a ref to the model (or version) head removed or disabled: a call
 * naming it (pinned to that version, or unpinned when that meant it at base) that resolves to no model now. A
 * consumer moved off it in the same pull request (a version migration finished in one go), removed with it, or
 * whose ref now finds the model elsewhere (moved into a local package) is not broken.
 */
function leftDangling(head: Graph, consumer: Consumer, gone: GraphNode): boolean {
  const node = atHead(head, consumer);
  if (node === undefined) return false;
  return node.refs.some(
    (call) =>
      call.name === gone.name &&
      (call.package === null || call.package === gone.package_name) &&
      (call.version === null ? consumer.unpinned : sameVersion(call.version, gone.version)) &&
      resolveCall(head, node, call) === null,
  );
}

/** Whether a consumer still refs the model without a version at head: it follows `latest_version`. */
function unpinnedAtHead(head: Graph, consumer: Consumer, model: GraphNode): boolean {
  const node = atHead(head, consumer);
  return (
    node !== undefined &&
    node.refs.some(
      (call) =>
        call.name === model.name &&
        (call.package === null || call.package === model.package_name) &&
        call.version === null,
    )
  );
}

/** Direct consumers at base: models (of every team) and exposures, each with how it refs the model. */
function consumersAt(base: Graph, model: GraphNode, owners: Ownership): Consumer[] {
  const consumers: Consumer[] = [];
  for (const id of base.child_map[model.unique_id] ?? []) {
    const node = base.nodes[id];
    const exposure = base.exposures[id];
    const item = node?.resource_type === 'model' ? node : exposure;
    if (item === undefined) continue;
    // Every call that resolves to the model counts: a consumer may both pin it and not. A ref the model cannot
    // be matched to is treated as unpinned: the safer reading.
    const calls = callsTo(base, item, model.unique_id);
    const unpinned = calls.length === 0 || calls.some((call) => call.version === null);
    const pinned = calls.some((call) => call.version !== null);
    if (exposure !== undefined) {
      consumers.push({ id, label: `exposure \`${exposure.name}\``, team: null, unpinned, pinned, exposure: true });
    } else if (node !== undefined) {
      const name = `\`${node.name}\`${node.version === null ? '' : ` v${String(node.version)}`}`;
      const team = owners.teamOf(id);
      consumers.push({ id, label: `${name} (${team ?? 'no team'})`, team, unpinned, pinned, exposure: false });
    }
  }
  // Models first, then exposures, each by name: the message reads as a list a reviewer can scan.
  return consumers.sort((a, b) => Number(a.exposure) - Number(b.exposure) || a.label.localeCompare(b.label));
}

/** The head node that unpinned refs to a removed unversioned model now resolve to (it became versioned). */
function successorOf(head: Graph, model: GraphNode): GraphNode | null {
  const family = Object.values(head.nodes).filter(
    (n) => n.resource_type === 'model' && n.name === model.name && n.package_name === model.package_name,
  );
  return family.find((n) => n.version === null || sameVersion(n.version, n.latest_version)) ?? family[0] ?? null;
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

function breaksOf(before: GraphNode, change: NodeChange, head: Graph): Break[] {
  const atBase = nodePosition(before);
  const after = head.nodes[before.unique_id];
  if (after === undefined) {
    const disabled = change.disabled ? head.disabled[before.unique_id]?.[0] : undefined;
    const version = before.version === null ? null : String(before.version);
    const gone: Break = disabled
      ? { messageId: 'disabled', subject: 'removed', pos: nodePosition(disabled), gone: true }
      : version !== null
        ? { messageId: 'versionRemoved', subject: 'removed', pos: atBase, atBase: true, gone: true, data: { version } }
        : { messageId: 'removed', subject: 'removed', pos: atBase, atBase: true, gone: true };
    if (version !== null) {
      // The latest version gone: unpinned refs now mean what the family's name resolves to at head (another
      // version, or the model unversioned again). Consumers that pinned the version lost it; the unpinned ones
      // are judged against what they now get.
      const successor = sameVersion(before.version, before.latest_version) ? successorOf(head, before) : null;
      if (successor === null) return [gone];
      const unpinned = [...shapeBreaks(before, successor), ...latestBreaks(before, successor)];
      return [{ ...gone, pinnedOnly: true }, ...unpinned.map((b) => ({ ...b, unpinnedOnly: true }))];
    }
    // An unversioned model that became versioned is not gone: unpinned refs now mean its latest version, and the
    // consumers still ref'ing it unpinned are judged against that (one the pull request pins gets what it pins).
    const successor = disabled ? null : successorOf(head, before);
    if (successor === null) return [gone];
    return shapeBreaks(before, successor).map((b) => ({ ...b, unpinnedOnly: true }));
  }
  return [...shapeBreaks(before, after), ...latestBreaks(before, after)];
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

/** The latest version moved while the node stays: consumers that ref the model unpinned switch silently. */
function latestBreaks(before: GraphNode, after: GraphNode): Break[] {
  const breaks: Break[] = [];
  const wasLatest = before.version !== null && sameVersion(before.version, before.latest_version);
  if (wasLatest && after.version !== null && !sameVersion(after.latest_version, before.latest_version)) {
    const data = { from: String(before.latest_version), to: String(after.latest_version) };
    breaks.push({
      messageId: 'latestMoved',
      subject: 'latest_version',
      pos: nodePosition(after),
      data,
      unpinnedOnly: true,
    });
  }
  return breaks;
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
      for (const broken of breaksOf(before, change, head)) {
        // Unpinned: only consumers that still ref it unpinned at head follow the change (the pull request may
        // pin them); pinned: only those that pinned the gone version; gone: only those left dangling.
        const affected = all.filter(
          (c) =>
            (!broken.unpinnedOnly || (c.unpinned && unpinnedAtHead(head, c, before))) &&
            (!broken.pinnedOnly || c.pinned) &&
            (!broken.gone || leftDangling(head, broken.pinnedOnly ? { ...c, unpinned: false } : c, before)),
        );
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
