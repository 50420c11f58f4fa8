// Shared option schemas for rules.
import { z } from 'zod';

/** For rules without options: `{}` only, so that a typo in `rules.<id>.options` is reported, not ignored. */
export const noOptions = z.object({}).strict();
export type NoOptions = z.output<typeof noOptions>;
