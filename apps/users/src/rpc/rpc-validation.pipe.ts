import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { UsersErrorCode, type UsersRpcError } from '@app/users-client';
import { RpcException } from '@nestjs/microservices';

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}).map((message) => (prefix ? `${prefix}.${message}` : message)),
    ...flatten(error.children ?? [], `${prefix}${error.property}`),
  ]);
}

/** Payload validation for message handlers: a bad payload is a typed `validation_failed` error. */
export const rpcValidationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  // A missing payload (undefined/null) must be a validation error too, not a pass.
  skipMissingProperties: false,
  exceptionFactory: (errors) => {
    const messages = flatten(errors);
    const error: UsersRpcError = { code: UsersErrorCode.validation, message: messages.join('; '), errors: messages };
    return new RpcException(error);
  },
});
