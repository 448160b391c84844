import { registerDecorator, type ValidationOptions } from 'class-validator';

/** At most `max` Unicode code points (an emoji counts once, as people count it). */
export function MaxCodePoints(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'maxCodePoints',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [max],
      options: { message: `$property must be at most ${max} characters`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && [...value].length <= max },
    });
}

/** The property may be present only when `other` is absent. */
export function ExcludesProperty(other: string, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'excludesProperty',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [other],
      options: { message: `give either $property or ${other}, not both`, ...options },
      validator: { validate: (_: unknown, args) => (args?.object as Record<string, unknown>)[other] === undefined },
    });
}

/** Trims strings; leaves anything else for the type rules to refuse. */
export const trimString = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
