import { randomUUID } from 'node:crypto';
import type { Person } from '@app/ddb';

let sequence = 0;

/** A person with a fresh uuid and a readable, unique handle. */
export function aPerson(overrides: Partial<Person> = {}): Person {
  sequence += 1;
  return { uuid: randomUUID(), handle: `person${sequence}`, displayName: `Person ${sequence}`, ...overrides };
}
