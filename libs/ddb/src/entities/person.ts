import { z } from 'zod';

/** A person as the messaging table remembers them: enough to show a name without asking `users`. */
export interface Person {
  uuid: string;
  displayName: string;
  handle: string;
}

export const personSchema = z.object({
  uuid: z.uuid(),
  displayName: z.string().min(1),
  handle: z.string().min(1),
});
