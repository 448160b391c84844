import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { waitFor } from './wait-for';

/** A fresh secret for an internal transport (USERS_ or EVENTS_TRANSPORT_SECRET) of one test stack, each its own. */
export const aTransportSecret = (): string => randomBytes(32).toString('hex');

/**
 * A raw TCP peer that announces one frame of `announcedBytes` in Nest's `<length>#<json>` framing
 * and streams filler until the server hangs up or `maxBytes` went out. Resolves with whether the
 * server closed the connection, and how much was sent by then.
 */
export async function streamGiantFrame(
  port: number,
  { announcedBytes, maxBytes }: { announcedBytes: number; maxBytes: number },
): Promise<{ closedByServer: boolean; sentBytes: number }> {
  const socket = connect(port, '127.0.0.1');
  let closed = false;
  const closedPromise = new Promise<void>((resolve) => socket.once('close', () => ((closed = true), resolve())));
  socket.on('error', () => undefined); // ECONNRESET/EPIPE are the expected way this ends
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));

  socket.write(`${announcedBytes}#`);
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let sentBytes = 0;
  while (!closed && sentBytes < maxBytes) {
    const flushed = socket.write(chunk);
    sentBytes += chunk.length;
    if (!flushed) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), closedPromise]);
  }
  // The hang-up may still be on its way when the last chunk went out.
  const closedByServer = await waitFor(async () => closed, { timeoutMs: 5000 }).catch(() => false);
  socket.destroy();
  return { closedByServer, sentBytes };
}
