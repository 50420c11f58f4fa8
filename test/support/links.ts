// Two layouts of symbolic links, each with what a checkout shows of it, shared by the tests of the disk, git and
// GitHub sources so that all three are held to the same answer.

export interface LinkLayout {
  /** Regular files: path -> text. */
  files: Record<string, string>;
  /** Symbolic links: path -> the path they point to (the link's text). */
  links: Record<string, string>;
  /** Every file path dbt would list, sorted. */
  listed: string[];
  /** Paths read through links, with the text read. */
  read: Record<string, string>;
}

const ORDERS = 'select * from {{ ref("raw_orders") }}';

/**
 * Linked files, as monorepos share them: a linked model, a link to a link, a linked folder (not entered), a link to
 * nothing and a link out of the repository (both left out).
 */
export const LINKED_FILES: LinkLayout = {
  files: { 'dbt_project.yml': 'name: shop\n', 'shared/orders.sql': ORDERS, 'shared/more/extra.sql': 'select 2' },
  links: {
    'models/orders.sql': '../shared/orders.sql',
    'models/orders_again.sql': 'orders.sql',
    'models/more': '../shared/more',
    'models/dangling.sql': 'missing.sql',
    'models/outside.sql': '../../elsewhere.sql',
  },
  listed: [
    'dbt_project.yml',
    'models/orders.sql',
    'models/orders_again.sql',
    'shared/more/extra.sql',
    'shared/orders.sql',
  ],
  read: { 'models/orders.sql': ORDERS, 'models/orders_again.sql': ORDERS },
};

/** A project whose models folder is a link: dbt's os.walk enters the folder it is given, no linked folder below. */
export const LINKED_MODELS_FOLDER: LinkLayout = {
  files: {
    'proj/dbt_project.yml': 'name: proj\n',
    'shared_models/a.sql': 'select 1',
    'shared_models/sub/b.sql': 'select 2',
  },
  links: { 'shared_models/c.sql': 'a.sql', 'shared_models/deep': 'sub', 'proj/models': '../shared_models' },
  listed: [
    'proj/dbt_project.yml',
    'proj/models/a.sql',
    'proj/models/c.sql',
    'proj/models/sub/b.sql',
    'shared_models/a.sql',
    'shared_models/c.sql',
    'shared_models/sub/b.sql',
  ],
  read: { 'proj/models/c.sql': 'select 1', 'proj/models/sub/b.sql': 'select 2' },
};
