import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { type FindByHandlePayload, HANDLE_PATTERN, type ResolveCognitoSubPayload, type UpdateProfilePayload } from '@app/users-client';

export class ResolveCognitoSubDto implements ResolveCognitoSubPayload {
  @IsString()
  @Length(1, 128)
  @Matches(/^[\w-]+$/, { message: 'cognito_user_id must be a Cognito sub (letters, digits, - and _)' })
  cognito_user_id!: string;
}

export class FindByHandleDto implements FindByHandlePayload {
  @IsString()
  @Matches(HANDLE_PATTERN, { message: 'handle must be 1–32 letters, digits or _ (an @ in front is fine)' })
  handle!: string;
}

export class UpdateProfileDto implements UpdateProfilePayload {
  @IsUUID()
  user_uuid!: string;

  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'display_name must not be blank' })
  display_name?: string;

  @IsOptional()
  @IsString()
  @Matches(HANDLE_PATTERN, { message: 'handle must be 1–32 letters, digits or _ (an @ in front is fine)' })
  handle?: string;
}
