import { type ArgumentsHost, Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { UsersErrorCode, type UsersRpcError } from '@app/users-client';
import { type Observable, throwError } from 'rxjs';
import { UsersDomainError } from '../users/users.errors';

/**
 * The RPC edge: domain errors keep their code, validation errors pass through, and anything
 * unexpected is logged here and reaches the caller as a bare `internal_error`, never a stack.
 */
@Catch()
export class RpcErrorsFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger(RpcErrorsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    return throwError(() => this.toRpcError(exception, host));
  }

  private toRpcError(exception: unknown, host: ArgumentsHost): UsersRpcError {
    if (exception instanceof UsersDomainError) return { code: exception.code, message: exception.message };
    if (exception instanceof RpcException) {
      const error = exception.getError();
      if (typeof error === 'object' && error !== null && 'code' in error) return error as UsersRpcError;
    }
    this.logger.error({ err: exception, pattern: host.switchToRpc().getContext()?.getPattern?.() }, 'unexpected error');
    return { code: UsersErrorCode.internal, message: 'internal error in the users service' };
  }
}
