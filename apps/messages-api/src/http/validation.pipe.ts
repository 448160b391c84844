import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError, type FieldError, validationFailed } from './api-error';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth';

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
 * DTO validation of request bodies: trims/converts through class-transformer, drops unknown
 * fields, reports the first broken rule of every field at once as a 422 with stable codes.
 * A body nested deeper than MAX_JSON_DEPTH is a 400 `json_too_deep` before class-transformer
 * sees it (it recurses, and a deep enough body overflows the stack: a 500).
 * Only bodies: path and query parameters have their own small pipes (parsePageQuery,
 * ParseUUIDPipe), so a read pays for no reflection.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body') return value;
    if (exceedsJsonDepth(value)) {
      throw new ApiError(400, 'json_too_deep', `request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    }
    return super.transform(value, metadata);
  }
}

export const apiValidationPipe = new ApiValidationPipe({
  transform: true,
  whitelist: true,
  stopAtFirstError: true,
  exceptionFactory: (errors) => validationFailed(toFieldErrors(errors)),
});
