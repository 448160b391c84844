import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ClientsModule } from '@nestjs/microservices';
import { usersTransportConfig, type UsersTransportOptions } from '@app/common';
import { USERS_SERVICE } from './users-client.constants';
import { usersClientConfig } from './users-client.config';
import { UsersClient } from './users.client';

/** UsersClient over the transport that USERS_TRANSPORT names (the same config the service reads). */
@Module({
  imports: [
    ConfigModule.forFeature(usersClientConfig),
    ClientsModule.registerAsync([
      {
        name: USERS_SERVICE,
        imports: [ConfigModule.forFeature(usersTransportConfig)],
        inject: [usersTransportConfig.KEY],
        useFactory: (transport: UsersTransportOptions) => transport,
      },
    ]),
  ],
  providers: [UsersClient],
  exports: [UsersClient],
})
export class UsersClientModule {}
