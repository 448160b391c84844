import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/caller.decorator';
import { AuthGuard } from '../auth/auth.guard';
import { ApiError } from '../http/api-error';
import { decodeEventId, type EventPosition } from './event-id';
import { EventTicketsService } from './event-tickets.service';

/** What GET /api/events knows about its request once this guard let it through. */
export interface EventStreamRequest extends AuthenticatedRequest {
  resumeFrom?: EventPosition | null;
  reconnectKey?: string;
}

type RawRequest = EventStreamRequest & { headers: Record<string, string | undefined>; query?: Record<string, unknown> };

/**
 * The way into GET /api/events (the global AuthGuard skips it): a malformed `Last-Event-ID`
 * (header, or `?last_event_id=`; the header wins, being what a browser's reconnect sends) is a 422
 * before anything else; then `?ticket=` (see EventTicketsService) or a Bearer token.
 */
@Injectable()
export class EventStreamAuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthGuard,
    private readonly tickets: EventTicketsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RawRequest>();
    const query = request.query ?? {};
    const lastEventId = request.headers['last-event-id'] ?? (typeof query.last_event_id === 'string' ? query.last_event_id : undefined);
    const resumeFrom = lastEventId === undefined ? null : decodeEventId(lastEventId);
    if (lastEventId !== undefined && !resumeFrom) {
      throw new ApiError(422, 'last_event_id_invalid', 'Last-Event-ID is not an id this stream sent; reconnect without it');
    }
    request.resumeFrom = resumeFrom;
    const ticket = query.ticket;
    if (ticket === undefined) {
      await this.auth.authenticate(request);
      return true;
    }
    const entry = typeof ticket === 'string' ? await this.tickets.enter(ticket, resumeFrom?.reconnectKey) : null;
    if (!entry)
      throw new ApiError(401, 'ticket_invalid', 'this ticket is unknown, used or expired: get a new one (POST /api/events/tickets)');
    request.caller = entry.caller;
    request.reconnectKey = entry.reconnectKey;
    return true;
  }
}
