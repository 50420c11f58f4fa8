// What a pull request changed in the dbt graph, per unique_id. Produced by diffGraphs(base, head).

export type ChangeKind = 'added' | 'removed' | 'modified';

export interface ColumnChange {
  column: string;
  kind: 'removed' | 'added' | 'retyped' | 'renamed';
  /** For `renamed`: the new name. For `retyped`: the old and new data_type. */
  to?: string;
  fromType?: string | null;
  toType?: string | null;
}

export interface MetaChange {
  key: string;
  before: unknown;
  after: unknown;
}

export interface NodeChange {
  unique_id: string;
  kind: ChangeKind;
  /** Which aspects changed (only for `modified`). */
  sqlChanged: boolean;
  propertiesChanged: boolean;
  configChanged: boolean;
  meta: MetaChange[];
  ownerChanged: { before: string | null; after: string | null } | null;
  accessChanged: { before: string; after: string } | null;
  contractChanged: { before: boolean; after: boolean } | null;
  columns: ColumnChange[];
  versionsAdded: Array<string | number>;
  versionsRemoved: Array<string | number>;
  latestVersionChanged: { before: string | number | null; after: string | number | null } | null;
  refsAdded: string[];
  refsRemoved: string[];
  /** The node became disabled (it is then `removed` from the enabled graph). */
  disabled: boolean;
}

export interface GraphDiff {
  /** Every added, removed or modified node (models, seeds, snapshots), by unique_id. */
  nodes: Record<string, NodeChange>;
  /** Repository paths that differ between base and head (added, removed or changed). */
  changedFiles: string[];
}
