import { validate as isUuid } from 'uuid';
import { InvalidArgumentError } from '../errors';
import type { Person } from '../entities/person';
import { isIsoTimestamp } from '../time';

/** Longest message, in Unicode code points (docs/design.md §4). */
export const MAX_MESSAGE_CHARS = 1024;

export function assertUuid(value: string, name: string): void {
  if (!isUuid(value)) throw new InvalidArgumentError(`${name} must be a UUID`);
}

export function assertPerson(person: Person, name: string): void {
  assertUuid(person.uuid, `${name}.uuid`);
  if (!person.handle) throw new InvalidArgumentError(`${name}.handle is required`);
  if (!person.displayName) throw new InvalidArgumentError(`${name}.displayName is required`);
}

/** The table stores only what the API would accept: trimmed, 1–1024 code points. */
export function assertMessageText(message: string): void {
  if (message.trim() !== message || message.length === 0) {
    throw new InvalidArgumentError('message must be non-empty and trimmed');
  }
  if ([...message].length > MAX_MESSAGE_CHARS) {
    throw new InvalidArgumentError(`message must be at most ${MAX_MESSAGE_CHARS} characters`);
  }
}

export function assertTimestamp(value: string, name: string): void {
  if (!isIsoTimestamp(value)) throw new InvalidArgumentError(`${name} must look like 2026-11-21T23:06:45.124Z`);
}
