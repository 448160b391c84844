import { ApiProperty } from '@nestjs/swagger';
import { DISPLAY_NAME_MAX_CHARS, HANDLE_PATTERN } from '@app/users-client';
import { type BodyRules, hasAtMostCodePoints, isNotBlank, isPresent, isString } from '../http/body-rules';

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
        { holds: isString, code: 'display_name_not_string', message: 'display_name must be a string' },
        { holds: isNotBlank, code: 'display_name_blank', message: 'display_name must not be blank' },
        {
          holds: hasAtMostCodePoints(DISPLAY_NAME_MAX_CHARS),
          code: `display_name_exceed_max_chars_${DISPLAY_NAME_MAX_CHARS}`,
          message: `display_name must be at most ${DISPLAY_NAME_MAX_CHARS} characters`,
        },
      ],
    },
    handle: {
      when: (body) => body.handle !== undefined,
      rules: [
        { holds: isString, code: 'handle_invalid', message: 'handle must be a string' },
        {
          holds: (handle) => HANDLE_PATTERN.test(handle as string),
          code: 'handle_invalid',
          message: 'handle must be 1–32 letters, digits or _',
        },
      ],
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
