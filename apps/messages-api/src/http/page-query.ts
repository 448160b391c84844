import type { PipeTransform } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_PAGE_LIMIT } from '@app/ddb';
import { type FieldError, validationFailed } from './api-error';

/** `?limit=&cursor=` of every listing (the class documents it in the OpenAPI page). */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 20 })
  limit?: number;

  @ApiPropertyOptional({ description: 'opaque; from the previous page’s Link / X-Next-Cursor header' })
  cursor?: string;
}

const CURSOR = /^[A-Za-z0-9_-]{1,512}$/;
const LIMIT_INVALID: FieldError = {
  field: 'limit',
  code: 'limit_invalid',
  message: `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`,
};
const CURSOR_INVALID: FieldError = {
  field: 'cursor',
  code: 'cursor_invalid',
  message: 'cursor must be a value from a Link or X-Next-Cursor header',
};

/**
 * Reads `limit` and `cursor` by hand, as the bodies are (body-rules.ts): `limit` converts as
 * `Number()` does and must be an integer 1–MAX_PAGE_LIMIT, `cursor` is 1–512 URL-safe base64
 * characters; absent stays absent; anything else in the query is ignored. Every bad field is
 * listed in one 422.
 */
export const parsePageQuery: PipeTransform<Record<string, unknown> | undefined, PageQuery> = {
  transform(query) {
    const rawLimit = query?.limit;
    const rawCursor = query?.cursor;
    const page: PageQuery = {};
    let errors: FieldError[] | undefined;
    if (rawLimit !== undefined) {
      const limit = Number(rawLimit);
      if (Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE_LIMIT) page.limit = limit;
      else errors = [LIMIT_INVALID];
    }
    if (rawCursor !== undefined) {
      if (typeof rawCursor === 'string' && CURSOR.test(rawCursor)) page.cursor = rawCursor;
      else (errors ??= []).push(CURSOR_INVALID);
    }
    if (errors) throw validationFailed(errors.map((error) => ({ ...error })));
    return page;
  },
};
