// The one empty list and the one empty dict that nodes share: a project of thousands of models has tens of
// thousands of empty tags, meta, constraints and doc_blocks, which need not be as many objects. Frozen, so that code
// changing one in place fails loudly instead of changing every node at once (naming.ts gives a node its own
// before a macro may change it).
const EMPTY_LIST: readonly never[] = Object.freeze([]);
const EMPTY_DICT: Readonly<Record<string, never>> = Object.freeze({});

/** The shared frozen empty list, typed as the list it stands for. */
export function noItems<T>(): T[] {
  return EMPTY_LIST as unknown as T[];
}

/** The shared frozen empty dict, typed as the dict it stands for. */
export function noKeys<T = unknown>(): Record<string, T> {
  return EMPTY_DICT as Record<string, T>;
}
