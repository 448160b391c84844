import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_LIMIT } from '@app/ddb';

const limitInvalid = { context: { code: 'limit_invalid' }, message: `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}` };
const cursorInvalid = { context: { code: 'cursor_invalid' }, message: 'cursor must be a value from a Link or X-Next-Cursor header' };

/** `?limit=&cursor=` of every listing. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @Max(MAX_PAGE_LIMIT, limitInvalid)
  @Min(1, limitInvalid)
  @IsInt(limitInvalid)
  limit?: number;

  @ApiPropertyOptional({ description: 'opaque; from the previous page’s Link / X-Next-Cursor header' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]+$/, cursorInvalid)
  @MaxLength(512, cursorInvalid)
  @IsString(cursorInvalid)
  cursor?: string;
}
