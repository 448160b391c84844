import { validate as validateUuid } from 'uuid';
import { HANDLE_PATTERN } from '@app/users-client';
import type { FieldError } from './api-error';

/** One rule of a body field: the check, and the stable code and words reported when it fails. */
export interface FieldRule<Body> {
  /** Runs only when every earlier rule of the field held (a later rule may rely on them). */
  holds: (value: unknown, body: Body) => boolean;
  code: string;
  message: string;
}

/** A field's rules in order; the first that fails is the field's one error. */
export interface FieldRules<Body> {
  /** The field is checked only when this holds for the (trimmed) body; always when absent. */
  when?: (body: Body) => boolean;
  rules: Array<FieldRule<Body>>;
}

/** The rules of every field a body may carry, in the order errors are listed. */
export type BodyRules<Body> = { [Field in keyof Body]-?: FieldRules<Body> };

/** A request body checked against its rules: the body, or every broken field's first broken rule. */
export type CheckedBody<Body> = { body: Body; errors?: undefined } | { body?: undefined; errors: FieldError[] };

/**
 * Reads a JSON body by its rules: only the fields the rules name are kept (anything else is
 * dropped, and a body that is not an object has none), strings are trimmed, then each field
 * reports its first broken rule. Hand-written for the API's two small bodies: class-validator
 * and its validators (libphonenumber among them) held ~3 MiB of messages-api's heap.
 */
export function checkBody<Body>(raw: unknown, rules: BodyRules<Body>): CheckedBody<Body> {
  const source = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const body: Record<string, unknown> = {};
  for (const field of Object.keys(rules)) {
    const value = Object.hasOwn(source, field) ? source[field] : undefined;
    if (value !== undefined) body[field] = typeof value === 'string' ? value.trim() : value;
  }
  const errors: FieldError[] = [];
  for (const [field, { when, rules: fieldRules }] of Object.entries(rules) as Array<[string, FieldRules<Body>]>) {
    if (when && !when(body as Body)) continue;
    const broken = fieldRules.find((rule) => !rule.holds(body[field], body as Body));
    if (broken) errors.push({ field, code: broken.code, message: broken.message });
  }
  return errors.length > 0 ? { errors } : { body: body as Body };
}

/** Present: not undefined, not null. */
export const isPresent = (value: unknown): boolean => value !== undefined && value !== null;
/** Not the empty string (after trimming); other values pass to the type rules. */
export const isNotBlank = (value: unknown): boolean => isPresent(value) && value !== '';
export const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * A UUID as libs/ddb checks it (the `uuid` package: RFC 9562 versions 1–8, Nil and Max), which is
 * also what ParseUUIDPipe accepts in paths.
 */
export const isUuid = (value: unknown): boolean => isString(value) && validateUuid(value);

/** At most `max` Unicode code points (an emoji counts once, as people count it). */
export const hasAtMostCodePoints =
  (max: number) =>
  (value: unknown): boolean =>
    isString(value) && [...value].length <= max;

/**
 * A trimmed text field (a message, a display name): a string, not blank, at most `max` code points,
 * reported as `<field>_not_string`, `<field>_blank` and `<field>_exceed_max_chars_<max>`.
 */
export function textRules<Body>(field: string, max: number): Array<FieldRule<Body>> {
  return [
    { holds: isString, code: `${field}_not_string`, message: `${field} must be a string` },
    { holds: isNotBlank, code: `${field}_blank`, message: `${field} must not be blank` },
    { holds: hasAtMostCodePoints(max), code: `${field}_exceed_max_chars_${max}`, message: `${field} must be at most ${max} characters` },
  ];
}

/** A handle as the users service takes it (1–32 letters, digits or _, an `@` in front allowed): `handle_invalid`. */
export function handleRules<Body>(): Array<FieldRule<Body>> {
  return [
    { holds: isString, code: 'handle_invalid', message: 'handle must be a string' },
    {
      holds: (handle) => HANDLE_PATTERN.test(handle as string),
      code: 'handle_invalid',
      message: 'handle must be 1–32 letters, digits or _',
    },
  ];
}
