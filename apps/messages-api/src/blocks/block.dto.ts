import { ApiProperty } from '@nestjs/swagger';
import { type BodyRules, handleRules, isPresent } from '../http/body-rules';

/** POST /api/blocks: whom to block, by handle. */
export class BlockDto {
  @ApiProperty({ example: 'londo', description: 'the person to block' })
  handle!: string;

  static readonly rules: BodyRules<BlockDto> = {
    handle: {
      rules: [{ holds: isPresent, code: 'handle_blank', message: 'give the handle of the person to block' }, ...handleRules()],
    },
  };
}

/** One person I block. */
export class BlockResponse {
  @ApiProperty({ example: 'londo' })
  handle!: string;

  @ApiProperty({ example: 'Londo Mollari' })
  display_name!: string;

  @ApiProperty({ example: '2026-11-21T23:06:45.124Z' })
  blocked_at!: string;
}
