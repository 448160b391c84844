import { Injectable } from '@nestjs/common';
import { groupReadDeliveries } from '@app/live-events';
import { type MessageGroupRead, ReadEventsPublisher } from '../mark-read/read-events.publisher';
import { LivePublisher } from './live-publisher';

/** The read routes' port, bound to the live events: `message_group.read` to both members' open streams. */
@Injectable()
export class LiveReadEventsPublisher extends ReadEventsPublisher {
  constructor(private readonly live: LivePublisher) {
    super();
  }

  messageGroupRead({ recipientUuids, ...data }: MessageGroupRead): void {
    this.live.publish(groupReadDeliveries(data, recipientUuids));
  }
}
