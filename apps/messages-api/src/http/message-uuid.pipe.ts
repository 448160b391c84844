import { ParseUUIDPipe } from '@nestjs/common';
import { validationFailed } from './api-error';

/** A non-UUID message id in a path is bad input (422 `message_uuid_invalid`), not a missing message or a crash. */
export function parseMessageUuid(): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      validationFailed([{ field: 'message_uuid', code: 'message_uuid_invalid', message: 'message_uuid must be a UUID' }]),
  });
}
