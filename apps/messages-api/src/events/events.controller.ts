import type { FastifyReply } from 'fastify';
import { Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiQuery,
  ApiResponse,
} from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { Public } from '../auth/public.decorator';
import { ErrorResponse } from '../http/message.response';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { EventStreamAuthGuard, type EventStreamRequest } from './event-stream-auth.guard';
import { EventTicketsService } from './event-tickets.service';
import { LiveEventsService } from './live-events.service';

export class EventTicketResponse {
  @ApiProperty({ description: 'single use; give it as `?ticket=` to GET /api/events' })
  ticket!: string;

  @ApiProperty({ example: '2026-11-21T23:07:45.000Z', description: 'valid until then (60 s)' })
  expires_at!: string;
}

const STREAM_DESCRIPTION = [
  'Server-Sent Events, open until either side closes. Events (`event:`, JSON `data:`):',
  '`message.created` (the POST /api/messages response shape, to both members),',
  '`message_group.updated` (a GET /api/message_groups item of yours), `message_group.read`.',
  'Each message event has an `id:` (an opaque resume position); a comment line at least every 15 s;',
  '`retry:` advises the reconnect delay. Reconnect with `Last-Event-ID` (or `?last_event_id=`) to get',
  'everything missed since, from any point in history, then live events; across a resume a message may',
  'come again (dedupe by `uuid`). Within a conversation messages come in `created_at` order; a stream',
  'may end early (a reader too slow, a late message): reconnect and resume.',
].join(' ');

@Controller('events')
export class EventsController {
  constructor(
    private readonly tickets: EventTicketsService,
    private readonly live: LiveEventsService,
  ) {}

  @Post('tickets')
  @HttpCode(201)
  @ApiBearerAuth()
  @RateLimit({ person: 'reads' })
  @ApiOperation({ summary: 'A single-use ticket (60 s) to open GET /api/events without a header (EventSource)' })
  @ApiCreatedResponse({ type: EventTicketResponse })
  issueTicket(@CurrentCaller() caller: Caller): Promise<EventTicketResponse> {
    return this.tickets.issue(caller);
  }

  @Get()
  @Public()
  @UseGuards(EventStreamAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'My live events (Server-Sent Events)', description: STREAM_DESCRIPTION })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'ticket', required: false, description: 'instead of the Authorization header (from POST /api/events/tickets)' })
  @ApiQuery({ name: 'last_event_id', required: false, description: 'resume position, when the Last-Event-ID header cannot be sent' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume from this position (browsers send it on reconnect)' })
  @ApiOkResponse({ description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiResponse({
    status: 401,
    type: ErrorResponse,
    description: '`unauthorized`, `token_expired`, or `ticket_invalid` (unknown, used or expired)',
  })
  @ApiResponse({ status: 422, type: ErrorResponse, description: '`last_event_id_invalid`' })
  @ApiResponse({ status: 429, type: ErrorResponse, description: '`too_many_streams`: 10 open streams per person' })
  async stream(@Req() request: EventStreamRequest, @Res() response: FastifyReply): Promise<void> {
    await this.live.open(request.caller!, request.resumeFrom ?? null, request.reconnectKey, response);
  }
}
