import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { ApiError, validationFailed } from './api-error';
import { type BodyRules, checkBody } from './body-rules';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth';

/** A body DTO: its class documents it in the OpenAPI page, its static `rules` check it. */
type BodyDto = { name: string; rules?: BodyRules<unknown> };

/**
 * Request bodies, checked by their DTO's rules (body-rules.ts): unknown fields dropped, strings
 * trimmed, the first broken rule of every field reported at once as a 422 with stable codes.
 * A body nested deeper than MAX_JSON_DEPTH is a 400 `json_too_deep` first: no body of this API
 * nests, and none is worth walking further.
 * Only bodies: path and query parameters have their own small pipes (parsePageQuery,
 * parseGroupUuid).
 */
export const apiValidationPipe: PipeTransform<unknown, unknown> = {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    if (exceedsJsonDepth(value)) {
      throw new ApiError(400, 'json_too_deep', `request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    }
    const dto = metadata.metatype as BodyDto | undefined;
    // A route whose body type has no rules is a programming error, never a pass-through.
    if (!dto?.rules) throw new Error(`@Body() of type ${dto?.name ?? 'unknown'} has no static rules`);
    const checked = checkBody(value, dto.rules);
    if (checked.errors) throw validationFailed(checked.errors);
    return checked.body;
  },
};
