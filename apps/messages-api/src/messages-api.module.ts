import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { LoggingModule } from '@app/common';
import { DdbModule } from '@app/ddb';
import { UsersClientModule } from '@app/users-client';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { EventsModule } from './events/events.module';
import { LiveReadEventsPublisher } from './events/live-read-events.publisher';
import { healthConfig } from './health/health.config';
import { HealthController } from './health/health.controller';
import { ReadinessService } from './health/readiness.service';
import { HttpErrorsFilter } from './http/http-errors.filter';
import { JsonBodyGuard } from './http/json-body.guard';
import { apiValidationPipe } from './http/validation.pipe';
import { GetMessageGroupController } from './get-message-group/get-message-group.controller';
import { GetMessageGroupService } from './get-message-group/get-message-group.service';
import { ListMessageGroupsController } from './list-message-groups/list-message-groups.controller';
import { ListMessageGroupsService } from './list-message-groups/list-message-groups.service';
import { ListMessagesController } from './list-messages/list-messages.controller';
import { ListMessagesService } from './list-messages/list-messages.service';
import { MarkReadController } from './mark-read/mark-read.controller';
import { BlocksController } from './blocks/blocks.controller';
import { BlocksService } from './blocks/blocks.service';
import { EditMessageController } from './edit-message/edit-message.controller';
import { EditMessageService } from './edit-message/edit-message.service';
import { TypingController } from './typing/typing.controller';
import { TypingService } from './typing/typing.service';
import { MarkReadService } from './mark-read/mark-read.service';
import { ReadEventsPublisher } from './mark-read/read-events.publisher';
import { messagesApiConfig } from './messages-api.config';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { SendMessageController } from './send-message/send-message.controller';
import { sendMessageConfig } from './send-message/send-message.config';
import { SendMessageService } from './send-message/send-message.service';
import { UserShortController } from './user-short/user-short.controller';
import { UserShortService } from './user-short/user-short.service';
import { UnreadController } from './unread/unread.controller';
import { UnreadService } from './unread/unread.service';
import { ProfilesModule } from './profiles/profiles.module';
import { UpdateProfileController } from './update-profile/update-profile.controller';
import { UpdateProfileService } from './update-profile/update-profile.service';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [messagesApiConfig, sendMessageConfig] }),
    ConfigModule.forFeature(healthConfig),
    LoggingModule.forService('messages-api'),
    // Global: the events module reads the table too (tickets, resume).
    DdbModule.fromConfig({ isGlobal: true }),
    UsersClientModule,
    AuthModule,
    RateLimitModule,
    EventsModule,
    ProfilesModule,
    // DdbHealthIndicator needs terminus's HealthIndicatorService; /ready itself answers through ReadinessService.
    TerminusModule.forRoot({ logger: false }),
  ],
  controllers: [
    HealthController,
    ListMessageGroupsController,
    GetMessageGroupController,
    MarkReadController,
    TypingController,
    EditMessageController,
    BlocksController,
    UnreadController,
    ListMessagesController,
    SendMessageController,
    UserShortController,
    UpdateProfileController,
  ],
  providers: [
    ListMessageGroupsService,
    GetMessageGroupService,
    MarkReadService,
    TypingService,
    EditMessageService,
    BlocksService,
    UnreadService,
    // A mark-read that moved a marker is pushed live (message_group.read) through the live events.
    { provide: ReadEventsPublisher, useExisting: LiveReadEventsPublisher },
    ListMessagesService,
    SendMessageService,
    UserShortService,
    UpdateProfileService,
    ReadinessService,
    // Global guards run in this order: refuse non-JSON bodies, find the caller, then count them.
    { provide: APP_GUARD, useClass: JsonBodyGuard },
    { provide: APP_GUARD, useExisting: AuthGuard },
    { provide: APP_GUARD, useExisting: RateLimitGuard },
    { provide: APP_PIPE, useValue: apiValidationPipe },
    { provide: APP_FILTER, useClass: HttpErrorsFilter },
  ],
})
export class MessagesApiModule {}
