import { ParseUUIDPipe } from '@nestjs/common';
import { validationFailed } from './api-error';

/** A non-UUID group id in a path is bad input (422 `message_group_uuid_invalid`), not a missing group or a crash. */
export function parseGroupUuid(): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      validationFailed([{ field: 'message_group_uuid', code: 'message_group_uuid_invalid', message: 'message_group_uuid must be a UUID' }]),
  });
}
