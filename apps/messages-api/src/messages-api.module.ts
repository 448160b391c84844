import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { LoggingModule } from '@app/common';
import { DdbModule } from '@app/ddb';
import { UsersClientModule } from '@app/users-client';
import { AuthModule } from './auth/auth.module';
import { HealthController } from './health/health.controller';
import { HttpErrorsFilter } from './http/http-errors.filter';
import { apiValidationPipe } from './http/validation.pipe';
import { ListMessageGroupsController } from './list-message-groups/list-message-groups.controller';
import { ListMessageGroupsService } from './list-message-groups/list-message-groups.service';
import { ListMessagesController } from './list-messages/list-messages.controller';
import { ListMessagesService } from './list-messages/list-messages.service';
import { messagesApiConfig } from './messages-api.config';
import { SendMessageController } from './send-message/send-message.controller';
import { sendMessageConfig } from './send-message/send-message.config';
import { SendMessageService } from './send-message/send-message.service';
import { UsersShortController } from './users/users-short.controller';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [messagesApiConfig, sendMessageConfig] }),
    LoggingModule.forService('messages-api'),
    DdbModule.fromConfig(),
    UsersClientModule,
    AuthModule,
    // /ready answers for itself; a failing probe is not an error worth a log line each poll.
    TerminusModule.forRoot({ logger: false }),
  ],
  controllers: [
    HealthController,
    ListMessageGroupsController,
    ListMessagesController,
    SendMessageController,
    UsersShortController,
  ],
  providers: [
    ListMessageGroupsService,
    ListMessagesService,
    SendMessageService,
    { provide: APP_PIPE, useValue: apiValidationPipe },
    { provide: APP_FILTER, useClass: HttpErrorsFilter },
  ],
})
export class MessagesApiModule {}
