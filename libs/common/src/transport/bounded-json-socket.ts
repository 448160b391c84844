import type { Socket } from 'node:net';
import { JsonSocket } from '@nestjs/microservices';

/**
 * Most characters one TCP connection may have buffered towards an unfinished frame. Requests are
 * a few hundred bytes; 256 KiB stays clear of a busy client's pipelined reads (64 KiB each) and
 * caps what a peer streaming one giant frame can make the service hold.
 */
export const MAX_BUFFERED_REQUEST_CHARS = 256 * 1024;

/** A peer that stops sending in the middle of a frame is dropped after this long. */
export const INCOMPLETE_FRAME_TIMEOUT_MS = 10_000;

/**
 * Nest's JsonSocket with the limits above, and one change: a framing error (oversized or corrupt
 * frame) destroys the connection at once. The default only sends a FIN, which a hostile peer can
 * ignore and keep streaming into.
 */
export class BoundedJsonSocket extends JsonSocket {
  constructor(socket: Socket) {
    super(socket, { maxBufferSize: MAX_BUFFERED_REQUEST_CHARS, incompleteMessageTimeout: INCOMPLETE_FRAME_TIMEOUT_MS });
  }

  protected override handleDataError(error: unknown): void {
    super.handleDataError(error, { destroy: true });
  }
}
