import { ApiProperty } from '@nestjs/swagger';
import { DISPLAY_NAME_MAX_CHARS } from '@app/users-client';
import { type BodyRules, handleRules, isPresent, textRules } from '../http/body-rules';

/** PATCH /api/profile: a new display name, a new handle, or both (docs/design.md §12). */
export class UpdateProfileDto {
  @ApiProperty({ required: false, example: 'Andrew B.', description: `1–${DISPLAY_NAME_MAX_CHARS} characters after trimming` })
  display_name?: string;

  @ApiProperty({
    required: false,
    example: 'andrew_b',
    description: '1–32 letters, digits or _ (stored lower-case, an @ in front is fine)',
  })
  handle?: string;

  static readonly rules: BodyRules<UpdateProfileDto> = {
    display_name: {
      when: (body) => body.display_name !== undefined || body.handle === undefined,
      rules: [
        {
          holds: (value, body) => isPresent(value) || isPresent(body.handle),
          code: 'profile_change_empty',
          message: 'give a display_name, a handle, or both',
        },
        ...textRules('display_name', DISPLAY_NAME_MAX_CHARS),
      ],
    },
    handle: {
      when: (body) => body.handle !== undefined,
      rules: [...handleRules()],
    },
  };
}

/** The caller's profile after the change. */
export class ProfileResponse {
  @ApiProperty({ format: 'uuid' })
  uuid!: string;

  @ApiProperty({ example: 'andrew_b' })
  handle!: string;

  @ApiProperty({ example: 'Andrew B.' })
  display_name!: string;

  @ApiProperty({ example: 2, description: 'starts at 1, +1 per change; a PATCH that changes nothing keeps it' })
  profile_version!: number;
}
