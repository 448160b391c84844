import type { FastifyReply } from 'fastify';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Message, MessagingTable } from '@app/ddb';
import type { Caller } from '../auth/caller.decorator';
import { ApiError } from '../http/api-error';
import type { EventPosition } from './event-id';
import { openEventStream, responseSink } from './event-stream.response';
import { LiveConnection } from './live-connection';
import { liveEventsConfig, type LiveEventsOptions } from './live-events.config';
import { LiveHub } from './live-hub';
import { missedEvents } from './missed-events';
import { ProfileDirectory } from '../profiles/profile-directory';

/**
 * Opens a person's live stream: at most LIVE_MAX_STREAMS_PER_PERSON per person on this instance
 * (then 429), subscribed before anything is read, so nothing falls between a resume's replay and
 * the live events; a resume replays from DynamoDB what was created since its position less the
 * resume window, then continues live.
 */
@Injectable()
export class LiveEventsService {
  private readonly logger = new Logger(LiveEventsService.name);

  constructor(
    private readonly hub: LiveHub,
    private readonly table: MessagingTable,
    @Inject(liveEventsConfig.KEY) private readonly options: LiveEventsOptions,
    private readonly profiles: ProfileDirectory,
  ) {}

  async open(caller: Caller, resumeFrom: EventPosition | null, reconnectKey: string | undefined, response: FastifyReply): Promise<void> {
    if (this.hub.streamCount(caller.uuid) >= this.options.maxStreamsPerPerson) {
      throw new ApiError(
        429,
        'too_many_streams',
        `at most ${this.options.maxStreamsPerPerson} open event streams per person; close one first`,
      );
    }
    const raw = openEventStream(response);
    const connection = new LiveConnection(caller.uuid, responseSink(raw), this.options, reconnectKey);
    raw.once('close', () => connection.close('client_closed'));
    connection.open(resumeFrom ? 'resume' : 'fresh');
    try {
      // Nothing awaited since the count: this cannot exceed the limit.
      await this.hub.attach(connection, this.options.maxStreamsPerPerson);
    } catch (error) {
      this.logger.warn(`live events unavailable for a new stream: ${(error as Error).message}`);
      connection.close('replay_failed');
      return;
    }
    if (resumeFrom) void this.replay(connection, resumeFrom.positionMs);
  }

  private async replay(connection: LiveConnection, positionMs: number): Promise<void> {
    const startedAt = Date.now();
    const since = new Date(Math.max(0, positionMs - this.options.resumeWindowMs)).toISOString();
    try {
      const currentSenders = (messages: Message[]) => this.profiles.withCurrentSenders(messages);
      for await (const delivery of missedEvents(this.table, connection.person, since, this.options.replayPageSize, currentSenders)) {
        if (!connection.isOpen) return;
        await connection.replay(delivery);
      }
      connection.finishReplay(startedAt);
    } catch (error) {
      // The client resumes from the same position (its last id has not moved) and the replay starts over.
      this.logger.warn(`resume replay failed: ${(error as Error).message}`);
      connection.close('replay_failed');
    }
  }
}
