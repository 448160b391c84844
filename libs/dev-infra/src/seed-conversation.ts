import { DuplicateItemError, type Message, type MessagingTable, messageGroupUuidFor } from '@app/ddb';
import { SEED_PEOPLE } from './seed-people';

const { andrewbrown, bayko } = SEED_PEOPLE;

/** The seeded conversation: fixed uuids and times, so seeding twice writes nothing new. */
const CONVERSATION = [
  { uuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601', from: andrewbrown, text: 'Bayko, did the deploy go out last night?' },
  { uuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e602', from: bayko, text: 'It did. The stream worker caught up in under a second.' },
  { uuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e603', from: andrewbrown, text: 'Nice. Any alarms overnight?' },
  { uuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e604', from: bayko, text: 'One throttling blip around 3am, retried cleanly.' },
  { uuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e605', from: andrewbrown, text: 'Good. Let us write it up for the bootcamp.' },
];
const START = Date.parse('2026-11-20T09:00:00.000Z');

export interface SeedReport {
  messageGroupUuid: string;
  written: number;
  alreadyThere: number;
}

/** Seeds the conversation between andrewbrown and bayko, and moves their summaries to its end. */
export async function seedConversation(table: MessagingTable): Promise<SeedReport> {
  const messageGroupUuid = messageGroupUuidFor(andrewbrown.uuid, bayko.uuid);
  const report: SeedReport = { messageGroupUuid, written: 0, alreadyThere: 0 };
  const stored: Message[] = [];
  for (const [index, line] of CONVERSATION.entries()) {
    const sender = { uuid: line.from.uuid, handle: line.from.handle, displayName: line.from.displayName };
    const recipient = line.from === andrewbrown ? bayko : andrewbrown;
    const input = {
      sender,
      message: line.text,
      messageUuid: line.uuid,
      createdAt: new Date(START + index * 90_000).toISOString(),
    };
    try {
      const sent =
        index === 0
          ? (await table.createMessageGroup({ ...input, recipient: { ...recipient } })).message
          : await table.putMessage({ ...input, messageGroupUuid });
      stored.push(sent);
      report.written += 1;
    } catch (error) {
      if (!(error instanceof DuplicateItemError)) throw error;
      stored.push({ ...input, messageGroupUuid });
      report.alreadyThere += 1;
    }
  }
  // Pattern E is the stream worker's job; doing it here too is safe (it is monotonic) and makes
  // the seed complete even before a worker runs: every message, so each sender has read up to their own.
  for (const message of stored) await table.updateGroupSummary(message);
  return report;
}
