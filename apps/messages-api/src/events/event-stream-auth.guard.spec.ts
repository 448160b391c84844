import type { ExecutionContext } from '@nestjs/common';
import type { AuthGuard } from '../auth/auth.guard';
import { ApiError } from '../http/api-error';
import { encodeEventId } from './event-id';
import { type EventStreamRequest, EventStreamAuthGuard } from './event-stream-auth.guard';
import type { EventTicketsService, TicketEntry } from './event-tickets.service';

const ANDREW = { uuid: '0b3c6f1e-2a4d-4e8f-9c7b-1d2e3f4a5b6c', handle: 'andrewbrown', display_name: 'Andrew Brown' };
const RECONNECT_KEY = 'k3yK3yk3yK3yk3yK3y_-';
/** A position this service could have written (2026), with and without a reconnect key. */
const POSITION_MS = Date.UTC(2026, 10, 20, 9, 0, 0);
const EVENT_ID = encodeEventId({ positionMs: POSITION_MS });
const EVENT_ID_WITH_KEY = encodeEventId({ positionMs: POSITION_MS, reconnectKey: RECONNECT_KEY });

type Request = EventStreamRequest & { headers: Record<string, string | undefined>; query?: Record<string, unknown> };

describe('EventStreamAuthGuard (who may open GET /api/events)', () => {
  let auth: jest.Mocked<Pick<AuthGuard, 'authenticate'>>;
  let tickets: jest.Mocked<Pick<EventTicketsService, 'enter'>>;
  let guard: EventStreamAuthGuard;

  beforeEach(() => {
    auth = {
      authenticate: jest.fn(async (request: Request) => {
        request.caller = ANDREW;
      }),
    } as unknown as jest.Mocked<Pick<AuthGuard, 'authenticate'>>;
    tickets = { enter: jest.fn().mockResolvedValue({ caller: ANDREW, reconnectKey: RECONNECT_KEY } satisfies TicketEntry) };
    guard = new EventStreamAuthGuard(auth as unknown as AuthGuard, tickets as unknown as EventTicketsService);
  });

  /** Runs the guard on a request with these headers and query: the request as it leaves, or the error. */
  async function run(headers: Record<string, string> = {}, query?: Record<string, unknown>) {
    const request: Request = { headers, ...(query ? { query } : {}) };
    const context = { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
    try {
      return { passed: await guard.canActivate(context), request };
    } catch (error) {
      return { error: error as ApiError, request };
    }
  }
  const refusal = (error?: ApiError) => error && [error.getStatus(), (error.getResponse() as { error: string }).error];

  describe('with a Bearer token (no ticket)', () => {
    it('lets the caller the AuthGuard authenticates through, from the start of the stream', async () => {
      const { passed, request } = await run({ authorization: 'Bearer a.b.c' });

      expect(passed).toBe(true);
      expect(auth.authenticate).toHaveBeenCalledWith(request);
      expect(request).toMatchObject({ caller: ANDREW, resumeFrom: null });
      expect(request.reconnectKey).toBeUndefined();
      expect(tickets.enter).not.toHaveBeenCalled();
    });

    it('passes on the AuthGuard’s refusal as it is (401 for a missing or bad token)', async () => {
      auth.authenticate.mockRejectedValue(new ApiError(401, 'unauthorized', 'send Authorization: Bearer <Cognito access token>'));

      const { error } = await run({});

      expect(refusal(error)).toEqual([401, 'unauthorized']);
    });

    it('resumes from a Last-Event-ID header, preferred to ?last_event_id= (a browser’s reconnect sends the header)', async () => {
      const earlier = encodeEventId({ positionMs: POSITION_MS - 60_000 });
      const { request } = await run({ authorization: 'Bearer a.b.c', 'last-event-id': EVENT_ID }, { last_event_id: earlier });

      expect(request.resumeFrom).toEqual({ positionMs: POSITION_MS });
    });

    it('resumes from ?last_event_id= when there is no header', async () => {
      const { request } = await run({ authorization: 'Bearer a.b.c' }, { last_event_id: EVENT_ID });

      expect(request.resumeFrom).toEqual({ positionMs: POSITION_MS });
    });
  });

  describe('with a ticket', () => {
    it('lets the ticket’s caller through with the reconnect key, without a token', async () => {
      const { passed, request } = await run({}, { ticket: 'the-ticket' });

      expect(passed).toBe(true);
      expect(tickets.enter).toHaveBeenCalledWith('the-ticket', undefined);
      expect(auth.authenticate).not.toHaveBeenCalled();
      expect(request).toMatchObject({ caller: ANDREW, reconnectKey: RECONNECT_KEY, resumeFrom: null });
    });

    it('offers the ticket service the reconnect key of the id the browser resumes from (its own reconnect, same used ticket)', async () => {
      const { passed, request } = await run({ 'last-event-id': EVENT_ID_WITH_KEY }, { ticket: 'the-ticket' });

      expect(passed).toBe(true);
      expect(tickets.enter).toHaveBeenCalledWith('the-ticket', RECONNECT_KEY);
      expect(request.resumeFrom).toEqual({ positionMs: POSITION_MS, reconnectKey: RECONNECT_KEY });
    });

    it('refuses a ticket the service does not let in (unknown, used or expired) with 401 ticket_invalid', async () => {
      tickets.enter.mockResolvedValue(null);

      const { error, request } = await run({ authorization: 'Bearer a.b.c' }, { ticket: 'spent' });

      expect(refusal(error)).toEqual([401, 'ticket_invalid']);
      expect(request.caller).toBeUndefined();
      // A ticket in the URL is the way in: a token beside it does not rescue a bad ticket.
      expect(auth.authenticate).not.toHaveBeenCalled();
    });

    it('refuses a ticket that is not one string (?ticket=a&ticket=b) with 401 ticket_invalid, without asking the service', async () => {
      const { error } = await run({}, { ticket: ['a', 'b'] });

      expect(refusal(error)).toEqual([401, 'ticket_invalid']);
      expect(tickets.enter).not.toHaveBeenCalled();
    });
  });

  describe('a malformed Last-Event-ID, before anything else', () => {
    it.each([
      ['a header that is no id of this stream', { 'last-event-id': 'not-an-id' }, undefined],
      ['a ?last_event_id= that is no id of this stream', {}, { last_event_id: '2.abc' }],
      ['a position from before this service existed', { 'last-event-id': encodeEventId({ positionMs: Date.UTC(2019, 0, 1) }) }, undefined],
    ])('refuses %s with 422 last_event_id_invalid, asking for neither a token nor a ticket', async (_, headers, query) => {
      const { error } = await run({ authorization: 'Bearer a.b.c', ...headers }, { ticket: 'the-ticket', ...query });

      expect(refusal(error)).toEqual([422, 'last_event_id_invalid']);
      expect(auth.authenticate).not.toHaveBeenCalled();
      expect(tickets.enter).not.toHaveBeenCalled();
    });
  });
});
