import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { USERS_SERVICE } from './users-client.constants';
import { usersClientConfig } from './users-client.config';
import { HandleTakenError, UserNotFoundError, UsersRequestError, UsersUnavailableError } from './users-client.errors';
import {
  type HealthReply,
  type UpdateProfilePayload,
  type UserProfile,
  UsersErrorCode,
  UsersPattern,
  type UsersRpcError,
} from './users.contract';

/** Answers in which the users service refused the request itself (as opposed to failing). */
const REFUSALS = new Set<UsersErrorCode>([UsersErrorCode.validation, UsersErrorCode.conflict, UsersErrorCode.notConfigured]);

/**
 * Typed calls to the users service. Every call is bounded by USERS_TIMEOUT_MS, and failures come
 * back as three kinds a caller can act on: not found, unavailable (retry later), or refused.
 */
@Injectable()
export class UsersClient implements OnApplicationShutdown {
  constructor(
    @Inject(USERS_SERVICE) private readonly proxy: ClientProxy,
    @Inject(usersClientConfig.KEY) private readonly config: ConfigType<typeof usersClientConfig>,
  ) {}

  resolveCognitoSub(cognitoUserId: string): Promise<UserProfile> {
    return this.call(UsersPattern.resolveCognitoSub, { cognito_user_id: cognitoUserId });
  }

  findByHandle(handle: string): Promise<UserProfile> {
    return this.call(UsersPattern.findByHandle, { handle });
  }

  /** Changes a person's display name and/or handle; HandleTakenError when the handle is someone else's or held. */
  updateProfile(payload: UpdateProfilePayload): Promise<UserProfile> {
    return this.call(UsersPattern.updateProfile, payload);
  }

  health(): Promise<HealthReply> {
    return this.call(UsersPattern.health, {});
  }

  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }

  private async call<T>(pattern: string, payload: object): Promise<T> {
    try {
      return await firstValueFrom(this.proxy.send<T>(pattern, payload).pipe(timeout(this.config.timeoutMs)));
    } catch (error) {
      throw this.translate(pattern, error);
    }
  }

  private translate(pattern: string, error: unknown): Error {
    if (error instanceof TimeoutError) {
      return new UsersUnavailableError(`users service did not answer ${pattern} within ${this.config.timeoutMs} ms`);
    }
    const rpc = error as Partial<UsersRpcError>;
    if (rpc?.code === UsersErrorCode.notFound) return new UserNotFoundError(rpc.message ?? 'user not found');
    if (rpc?.code === UsersErrorCode.handleTaken) return new HandleTakenError(rpc.message ?? 'handle taken');
    if (!REFUSALS.has(rpc?.code as UsersErrorCode)) {
      // Transport failures (ECONNREFUSED, closed sockets, broker down) and internal errors.
      const reason = (error as Error)?.message ?? String(error);
      return new UsersUnavailableError(`users service failed ${pattern}: ${reason}`, { cause: error });
    }
    return new UsersRequestError(rpc.code!, rpc.message ?? rpc.code!);
  }
}
