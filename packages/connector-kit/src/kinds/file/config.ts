import { z } from 'zod';

/** Fields of a `file` connector. */
export const FileConfig = z.looseObject({
  /** File the lines are appended to; relative paths resolve against the working directory. */
  path: z.string().min(1),
  /** Line format. Only `ndjson` (one CloudEvent per line) is implemented. */
  format: z.enum(['ndjson']).default('ndjson'),
});
export type FileConfig = z.infer<typeof FileConfig>;
