import { InvalidArgumentError } from '@app/ddb';
import { useMessagingStack } from '../helpers/messaging-stack';
import { SEED_PEOPLE, seedConversation } from '@app/dev-infra';

interface ListItem {
  uuid: string;
  handle: string;
  message: string;
  created_at: string;
}

/**
 * The Cruddur frontend reloads the conversation list right after a 200 from POST /api/messages.
 * No stream-worker runs in these stacks, so only the send itself can make the list show the
 * message: what these tests see is what a person sees before pattern E has had any chance to run.
 */
describe('messages-api: the sender’s list shows a sent message at once (read-your-writes)', () => {
  describe('with the send path moving the summaries (the default)', () => {
    const { stack, tokens, conversation: seeded } = useMessagingStack({ opening: 'seed' });

    /** Sends, then at once reads the sender's list; returns whether its top item is this message. */
    const sendThenList = async (token: string, body: Record<string, string>) => {
      const sent = await stack.request('/api/messages', { token, body });
      expect(sent.status).toBe(200);
      const list = await stack.request('/api/message_groups', { token });
      const top = (list.body as ListItem[])[0];
      return {
        sent: sent.body,
        onTop: top?.uuid === sent.body.message_group_uuid && top.message === sent.body.message && top.created_at === sent.body.created_at,
      };
    };

    it('30 of 30 sends into an existing conversation, each followed at once by the list', async () => {
      const outcomes = [];
      for (let i = 1; i <= 30; i++)
        outcomes.push(
          await sendThenList(i % 2 ? tokens.andrewbrown : tokens.bayko, { message: `existing ${i}`, message_group_uuid: seeded.uuid }),
        );
      expect(outcomes.filter((outcome) => outcome.onTop)).toHaveLength(30);

      // The other member's summary moved with it, and neither has a second item for the group.
      const forBayko = await stack.request('/api/message_groups', { token: tokens.bayko });
      expect((forBayko.body as ListItem[]).filter((item) => item.uuid === seeded.uuid)).toEqual([
        expect.objectContaining({ handle: 'andrewbrown', message: 'existing 30', created_at: outcomes.at(-1)!.sent.created_at }),
      ]);
    });

    it('30 of 30 sends by handle (the first one starts the conversation)', async () => {
      const outcomes = [];
      for (let i = 1; i <= 30; i++)
        outcomes.push(await sendThenList(tokens.londo, { message: `by handle ${i}`, handle: i % 2 ? 'bayko' : 'andrewbrown' }));
      expect(outcomes.filter((outcome) => outcome.onTop)).toHaveLength(30);
    });

    it('a newer message stays on top: an older one can neither be stored late nor move the summaries back', async () => {
      const newer = await stack.request('/api/messages', {
        token: tokens.andrewbrown,
        body: { message: 'the newest', message_group_uuid: seeded.uuid },
      });
      expect(newer.status).toBe(200);
      const { andrewbrown } = SEED_PEOPLE;
      // A message is always stored after the conversation's newest one: an older time is refused.
      await expect(
        stack.db.table.putMessageIntoGroup({
          messageGroupUuid: seeded.uuid,
          sender: { uuid: andrewbrown.uuid, handle: andrewbrown.handle, displayName: andrewbrown.displayName },
          message: 'an older one',
          createdAt: '2020-01-01T00:00:00.000Z',
        }),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
      // Pattern E's rule still holds for a late stream record: moving to an older message changes nothing.
      const [oldest] = (await stack.db.table.listMessages(seeded.uuid, { limit: 100 })).items;
      expect(await stack.db.table.updateGroupSummary(oldest)).toEqual({ update: 'unchanged', moved: [] });
      const list = await stack.request('/api/message_groups', { token: tokens.andrewbrown });
      expect(list.body[0]).toMatchObject({ uuid: seeded.uuid, message: 'the newest' });
    });
  });

  describe('with SEND_MOVES_SUMMARIES=false (pattern E alone)', () => {
    const { stack } = useMessagingStack({ env: { SEND_MOVES_SUMMARIES: 'false' } });

    it('leaves the summaries to the stream: with no worker running, the list still shows the previous message', async () => {
      const { messageGroupUuid } = await seedConversation(stack.db.table);
      const andrew = await stack.token('andrewbrown');
      const before = await stack.request('/api/message_groups', { token: andrew });
      const sent = await stack.request('/api/messages', {
        token: andrew,
        body: { message: 'only the stream moves me', message_group_uuid: messageGroupUuid },
      });
      expect(sent.status).toBe(200);
      const after = await stack.request('/api/message_groups', { token: andrew });
      expect(after.body).toEqual(before.body);
    });
  });
});
