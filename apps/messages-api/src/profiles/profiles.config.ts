import { registerAs } from '@nestjs/config';
import { parseEnv } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  /**
   * How long an instance shows a person's profile copy before reading it again (docs/design.md §12).
   * Other instances learn of a change by its broadcast at once; this bounds how long one that missed
   * the broadcast shows the old name on messages, and it must stay well inside the 5 s promise
   * (at most 2000; 0 reads every time).
   */
  PROFILE_DIRECTORY_TTL_MS: z.coerce.number().int().min(0).max(2000).default(1000),
});

export const profilesConfig = registerAs('profiles', () => {
  const vars = parseEnv('profiles', schema, process.env);
  return { directoryTtlMs: vars.PROFILE_DIRECTORY_TTL_MS };
});
