import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldError, validationFailed } from './api-error';

/** The code of a failed rule: its decorator's `context.code`, else `<field>_invalid`. */
function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      code: (error.contexts?.[rule]?.code as string | undefined) ?? `${field}_invalid`,
      message,
    }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/**
 * DTO validation for every route: trims/converts through class-transformer, drops unknown
 * fields, reports the first broken rule of every field at once as a 422 with stable codes.
 */
export const apiValidationPipe = new ValidationPipe({
  transform: true,
  whitelist: true,
  stopAtFirstError: true,
  exceptionFactory: (errors) => validationFailed(toFieldErrors(errors)),
});
