import { SEED_PEOPLE } from '@app/dev-infra';
import type { UsersRepository } from '../src/users/users.repository';

/** Adds the seed people (fixed uuids shared with the DynamoDB and Cognito seeds); idempotent. */
export async function seedUsers(users: UsersRepository): Promise<{ inserted: string[]; existing: string[] }> {
  const report = { inserted: [] as string[], existing: [] as string[] };
  for (const person of Object.values(SEED_PEOPLE)) {
    const inserted = await users.insert(person, { ifAbsent: true });
    (inserted ? report.inserted : report.existing).push(person.handle);
  }
  return report;
}
