import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ClientsModule } from '@nestjs/microservices';
import { usersTransportConfig, type UsersTransportOptions, usersTransportSecretConfig } from '@app/common';
import { USERS_SERVICE } from './users-client.constants';
import { usersClientConfig } from './users-client.config';
import { usersClientOptions } from './users-client-options';
import { UsersClient } from './users.client';

/** UsersClient over the transport that USERS_TRANSPORT names (the same config the service reads), authenticated by USERS_TRANSPORT_SECRET. */
@Module({
  imports: [
    ConfigModule.forFeature(usersClientConfig),
    ClientsModule.registerAsync([
      {
        name: USERS_SERVICE,
        imports: [ConfigModule.forFeature(usersTransportConfig), ConfigModule.forFeature(usersTransportSecretConfig)],
        inject: [usersTransportConfig.KEY, usersTransportSecretConfig.KEY],
        useFactory: (transport: UsersTransportOptions, { secret }: { secret: string }) => usersClientOptions(transport, secret),
      },
    ]),
  ],
  providers: [UsersClient],
  exports: [UsersClient],
})
export class UsersClientModule {}
