// contracts/breaking-change: a change that breaks the interface of a model others rely on (public, or with an
// enforced contract, at base) while other teams' models or exposures consume it. The consumers are read at base,
// because the pull request is what changes them; their teams are asked to review.
import { z } from 'zod';
import type { Column, Graph, GraphNode, Position } from '../../../dbt/types.js';
import { diffColumns } from '../../../diff/columns.js';
import type { ColumnChange, NodeChange } from '../../../diff/types.js';
import { nodePosition } from '../../nodes.js';
import type { FindingDraft, Ownership, Rule, RuleContext } from '../../rule.js';
import { callTo, sameVersion } from './edges.js';

type Options = Record<string, never>;

interface Consumer {
  id: string;
  label: string;
  team: string | null;
  /** True when the consumer refs the model without a version (it follows `latest_version`). */
  unpinned: boolean;
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
}

const RANK = { private: 0, protected: 1, public: 2 } as const;
const TAIL = ', which breaks its consumers: {{consumers}}.';

/** Consumers named in a message; a core model's hundreds are counted, not listed (`related` holds them all). */
const LISTED_CONSUMERS = 10;

function listed(labels: string[]): string {
  if (labels.length <= LISTED_CONSUMERS) return labels.join(', ');
  return `${labels.slice(0, LISTED_CONSUMERS).join(', ')} and ${labels.length - LISTED_CONSUMERS} more`;
}

/**
 * Whether a consumer, at head, still refs a model (or version) that head removed: a call naming it, pinned to
 * that version, or unpinned when its unpinned ref meant the removed node at base (`unpinned`: how the compiler
 * resolved it then). A consumer moved off it in the same pull request (a version migration finished in one go)
 * is not broken.
 */
function stillRefs(head: Graph, consumer: Consumer, removed: GraphNode): boolean {
  const node = head.nodes[consumer.id] ?? head.exposures[consumer.id];
  if (node === undefined) return false;
  return node.refs.some(
    (call) =>
      call.name === removed.name &&
      (call.package === null || call.package === removed.package_name) &&
      (call.version === null
        ? consumer.unpinned || removed.version === null
        : sameVersion(call.version, removed.version)),
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
    // A ref the model cannot be matched to is treated as unpinned: the safer reading.
    const unpinned = (callTo(base, item, model.unique_id)?.version ?? null) === null;
    if (exposure !== undefined) {
      consumers.push({ id, label: `exposure \`${exposure.name}\``, team: null, unpinned, exposure: true });
    } else if (node !== undefined) {
      const name = `\`${node.name}\`${node.version === null ? '' : ` v${String(node.version)}`}`;
      const team = owners.teamOf(id);
      consumers.push({ id, label: `${name} (${team ?? 'no team'})`, team, unpinned, exposure: false });
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
  let after = head.nodes[before.unique_id];
  if (after === undefined) {
    const disabled = head.disabled[before.unique_id]?.[0];
    if (change.disabled && disabled)
      return [{ messageId: 'disabled', subject: 'removed', pos: nodePosition(disabled) }];
    const version = before.version === null ? null : String(before.version);
    if (version !== null) {
      const removal: Break = {
        messageId: 'versionRemoved',
        subject: 'removed',
        pos: atBase,
        atBase: true,
        data: { version },
      };
      // The latest version removed: unpinned refs now mean what the family's name resolves to at head (another
      // version, or the model unversioned again). Consumers that pinned the version lost it; the unpinned ones
      // are judged against what they now get.
      const successor = sameVersion(before.version, before.latest_version) ? successorOf(head, before) : null;
      if (successor === null) return [removal];
      const unpinned = [...shapeBreaks(before, successor), ...latestBreaks(before, successor)];
      return [{ ...removal, pinnedOnly: true }, ...unpinned.map((b) => ({ ...b, unpinnedOnly: true }))];
    }
    // An unversioned model that became versioned is not gone: unpinned refs now mean its latest version.
    const successor = successorOf(head, before);
    if (successor === null) return [{ messageId: 'removed', subject: 'removed', pos: atBase, atBase: true }];
    after = successor;
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
        const affected = all.filter(
          (c) =>
            (!broken.unpinnedOnly || c.unpinned) &&
            (!broken.pinnedOnly || !c.unpinned) &&
            (!broken.atBase || stillRefs(head, c, before)),
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
