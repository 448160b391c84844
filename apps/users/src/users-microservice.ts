import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AsyncMicroserviceOptions } from '@nestjs/microservices';
import { usersTransportConfig, type UsersTransportOptions, usersTransportSecretConfig } from '@app/common';
import { usersServerOptions } from './rpc/users-server-options';
import { UsersModule } from './users.module';

/**
 * The users service, built one way for main.ts and for tests alike: transport from config,
 * USERS_TRANSPORT_SECRET checked on every request (there is no unauthenticated variant).
 */
export function createUsersMicroservice(options: Parameters<typeof NestFactory.createMicroservice>[1] = {}): Promise<INestMicroservice> {
  return NestFactory.createMicroservice<AsyncMicroserviceOptions>(UsersModule, {
    ...options,
    inject: [usersTransportConfig.KEY, usersTransportSecretConfig.KEY],
    useFactory: (transport: UsersTransportOptions, { secret }: { secret: string }) => usersServerOptions(transport, secret),
  });
}
