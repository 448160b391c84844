import type { PipeTransform } from '@nestjs/common';
import { HANDLE_PATTERN } from '@app/users-client';
import { validationFailed } from './api-error';

/** A handle is 1–32 letters, digits or _ (422 otherwise, before any lookup). */
export function parseHandle(): PipeTransform<string, string> {
  return {
    transform(handle) {
      // The route's own @ (`/users/@:handle/short`) is not part of the parameter: put it back, so `@@x` stays invalid.
      if (!HANDLE_PATTERN.test(`@${handle}`)) {
        throw validationFailed([{ field: 'handle', code: 'handle_invalid', message: 'handle must be 1–32 letters, digits or _' }]);
      }
      return handle;
    },
  };
}
