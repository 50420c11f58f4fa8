// Syntax trees for expressions and template statements, shared by the parsers and the executor.

export type Expr =
  | {
      k: 'lit';
      value: unknown;
      line: number;
      /** A number written with a point or an exponent: Python's float. */ float?: true;
    }
  | { k: 'name'; name: string; line: number }
  | { k: 'list' | 'tuple'; items: Expr[]; line: number }
  | { k: 'dict'; keys: Expr[]; values: Expr[]; line: number }
  | { k: 'attr'; obj: Expr; name: string; line: number }
  | { k: 'item'; obj: Expr; index: Expr; line: number }
  | { k: 'slice'; obj: Expr; start: Expr | null; stop: Expr | null; step: Expr | null; line: number }
  | { k: 'call'; fn: Expr; args: Expr[]; kwargs: Kwarg[]; start: number; end: number; line: number }
  | { k: 'filter'; value: Expr; name: string; args: Expr[]; kwargs: Kwarg[]; line: number }
  | { k: 'test'; value: Expr; name: string; args: Expr[]; negate: boolean; line: number }
  | { k: 'bin'; op: string; left: Expr; right: Expr; line: number }
  | { k: 'and' | 'or'; left: Expr; right: Expr; line: number }
  | { k: 'not' | 'neg' | 'pos'; operand: Expr; line: number }
  | { k: 'cmp'; first: Expr; ops: string[]; rest: Expr[]; line: number }
  | { k: 'cond'; test: Expr; then: Expr; otherwise: Expr | null; line: number };

export interface Kwarg {
  name: string;
  value: Expr;
}

export interface Param {
  name: string;
  default: Expr | null;
}

/** A `set` target: a name, or `namespace.attr`. */
export type SetTarget = { name: string } | { ns: string; attr: string };

export interface Branch {
  /** Null for `else`. */
  cond: Expr | null;
  body: Node[];
  line: number;
  /** Source text of the condition, for messages. */
  text: string;
}

export type Node =
  | { k: 'text'; start: number; end: number }
  | { k: 'out'; expr: Expr; line: number }
  | { k: 'if'; branches: Branch[]; line: number }
  | {
      k: 'for';
      targets: string[];
      iter: Expr;
      filter: Expr | null;
      body: Node[];
      otherwise: Node[];
      line: number;
      text: string;
      /** `{% for ... recursive %}`: `loop(items)` runs the body again on items, one level deeper. */
      recursive?: true;
    }
  | { k: 'set'; targets: SetTarget[]; expr: Expr; line: number }
  | { k: 'setblock'; name: string; filters: FilterCall[]; body: Node[]; line: number }
  | { k: 'macro'; name: string; params: Param[]; body: Node[]; line: number; test?: true }
  | { k: 'callblock'; call: Expr; params: Param[]; body: Node[]; line: number }
  | { k: 'filterblock'; filters: FilterCall[]; body: Node[]; line: number }
  | { k: 'do'; expr: Expr; line: number }
  /** `{% break %}` / `{% continue %}` (jinja2.ext.loopcontrols, which dbt loads). */
  | { k: 'break' | 'continue'; line: number }
  /** `{% with a = x, b = y %}`: the values are evaluated where the block is; the names live in its body only. */
  | { k: 'with'; targets: string[]; values: Expr[]; body: Node[]; line: number }
  | { k: 'block'; body: Node[] };

export interface FilterCall {
  name: string;
  args: Expr[];
  kwargs: Kwarg[];
  line: number;
}
