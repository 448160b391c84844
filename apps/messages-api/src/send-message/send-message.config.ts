import { registerAs } from '@nestjs/config';
import { env, parseEnv } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  /**
   * Whether a send moves both members' conversation summaries itself before answering, so the
   * sender's list already shows the message (read-your-writes). Pattern E on the stream does the
   * same move and alone guarantees it; `false` leaves it all to the stream (tests and the
   * stream-lag benchmark use that to measure pattern E on its own).
   */
  SEND_MOVES_SUMMARIES: env.boolean(true),
});

export const sendMessageConfig = registerAs('sendMessage', () => {
  const vars = parseEnv('send-message', schema, process.env);
  return { movesSummaries: vars.SEND_MOVES_SUMMARIES };
});
