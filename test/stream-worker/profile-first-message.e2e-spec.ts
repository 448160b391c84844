import { Logger } from '@nestjs/common';
import { groupSummaryKeys, type ProfileCopy } from '@app/ddb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { GroupEventsPublisher } from '../../apps/stream-worker/src/events/group-events.publisher';
import { UpdateGroupSummariesService } from '../../apps/stream-worker/src/group-summaries/update-group-summaries.service';
import { StreamMetrics } from '../../apps/stream-worker/src/metrics/stream-metrics';
import { ProfileFanoutService } from '../../apps/stream-worker/src/profiles/profile-fanout.service';
import type { ChangeRecord } from '../../apps/stream-worker/src/record-processing/change-record';
import { useTestTable } from '../helpers/ddb';
import { aPerson } from '../helpers/people';
import { streamRecords } from '../helpers/stream-records';

/**
 * docs/design.md §12, a rename racing a new conversation: the person's first message to someone was
 * stamped with their old name by an instance that had not heard of the change yet, and committed
 * after the stream-worker had copied the change into the person's conversations (so the fan-out did
 * not see this one). The recipient's list must still show the new name once the worker has the
 * first message: it checks a new conversation's members against their profile copies.
 */
describe('a first message racing a profile change', () => {
  const db = useTestTable();
  beforeAll(() => Logger.overrideLogger(['error']));
  afterAll(() => Logger.overrideLogger(true));

  const events = {
    published: () => undefined,
    changed: () => undefined,
    summariesUpdated: () => undefined,
  } as unknown as GroupEventsPublisher;
  const processor = () => {
    const metrics = new StreamMetrics();
    const options = { concurrency: 4 };
    return new UpdateGroupSummariesService(
      db.table,
      options,
      metrics,
      events,
      new ProfileFanoutService(db.table, options, metrics, events),
    );
  };
  /** The stream's records from `after` on, as the worker gets them. */
  const recordsAfter = async (after: number): Promise<ChangeRecord[]> =>
    (await streamRecords(db)).slice(after).map((record) => ({
      sequenceNumber: record.sequenceNumber,
      eventName: record.eventName as ChangeRecord['eventName'],
      newImage: record.newImage,
    }));

  it('shows the recipient the new name, even though the fan-out ran before the conversation existed', async () => {
    const [sender, recipient] = [aPerson(), aPerson()];
    const renamed: ProfileCopy = {
      person: { ...sender, displayName: 'New Name', handle: `${sender.handle}_new` },
      version: 2,
      updatedAt: new Date().toISOString(),
    };
    const seenBefore = (await streamRecords(db)).length;
    // The change: its copy written, and the worker's fan-out applied (the person has no conversation yet).
    expect(await db.table.putProfileCopy(renamed)).toBe('written');
    const profileRecords = await recordsAfter(seenBefore);
    expect((await processor().processRecords(profileRecords)).every((outcome) => outcome.kind === 'applied')).toBe(true);

    // Then the first message, stamped with the old name.
    const first = await db.table.createMessageGroup({ sender, recipient, message: 'hello, old me' });
    const messageRecords = await recordsAfter(seenBefore + profileRecords.length);
    expect((await processor().processRecords(messageRecords)).every((outcome) => outcome.kind === 'applied')).toBe(true);

    const summary = (
      await db.doc.send(
        new GetCommand({
          TableName: db.tableName,
          Key: groupSummaryKeys.of(recipient.uuid, first.message.messageGroupUuid),
          ConsistentRead: true,
        }),
      )
    ).Item;
    expect(summary).toMatchObject({ user_display_name: 'New Name', user_handle: renamed.person.handle, user_profile_version: 2 });
  });
});
