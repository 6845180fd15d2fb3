/** Which fields of a scenario object are editable defaults rather than figures from a source. */
import { z } from 'zod';

export const provenance = {
  source: z.string().max(2000).optional().describe('Where the figures come from (document and table).'),
  defaults: z
    .array(z.string().max(64))
    .max(64)
    .optional()
    .describe('Names of fields whose values are editable defaults, not figures from a source.'),
};
