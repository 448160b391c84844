import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { groupSummaryKeys, profileKeys, type ProfileCopy } from '@app/ddb';
import { usePairPerTest, useTestTable } from '../helpers/ddb';

/**
 * docs/design.md §12: the table's copies of a profile (the PROFILE item, and the name in the other
 * member's summary) only ever move to a higher version, whatever order the writes come in.
 */
describe('profile copies (libs/ddb)', () => {
  const db = useTestTable();
  const pair = usePairPerTest(db, { message: 'hello' });

  const copy = (version: number, displayName: string, handle: string): ProfileCopy => ({
    person: { uuid: pair.alice.uuid, displayName, handle },
    version,
    updatedAt: new Date().toISOString(),
  });
  const item = async (key: { pk: string; sk: string }) =>
    (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: key, ConsistentRead: true }))).Item!;

  it('refuses to move the PROFILE copy back to an older version (or write the same one again)', async () => {
    expect(await db.table.putProfileCopy(copy(3, 'Third', 'third'))).toBe('written');
    expect(await db.table.putProfileCopy(copy(2, 'Second', 'second'))).toBe('stale');
    expect(await db.table.putProfileCopy(copy(3, 'Third again', 'third'))).toBe('stale');
    expect(await item(profileKeys.of(pair.alice.uuid))).toMatchObject({
      entity: 'PROFILE',
      profile_version: 3,
      user_display_name: 'Third',
      user_handle: 'third',
    });
    expect((await db.table.profileCopies([pair.alice.uuid, pair.bob.uuid])).get(pair.alice.uuid)).toMatchObject({
      version: 3,
      person: { displayName: 'Third' },
    });
    expect((await db.table.profileCopies([pair.bob.uuid])).size).toBe(0);
  });

  it('copies a profile into the other member’s summary only forward, and only where it shows that person', async () => {
    const bobsSummary = groupSummaryKeys.of(pair.bob.uuid, pair.groupUuid);
    const moved = await db.table.copyProfileIntoSummary(pair.bob.uuid, pair.groupUuid, copy(3, 'Third', 'third'));
    expect(moved?.otherPerson).toEqual({ uuid: pair.alice.uuid, displayName: 'Third', handle: 'third' });
    // An older change arriving late, or the same one replayed, changes nothing.
    expect(await db.table.copyProfileIntoSummary(pair.bob.uuid, pair.groupUuid, copy(2, 'Second', 'second'))).toBeNull();
    expect(await db.table.copyProfileIntoSummary(pair.bob.uuid, pair.groupUuid, copy(3, 'Third', 'third'))).toBeNull();
    expect(await item(bobsSummary)).toMatchObject({ user_display_name: 'Third', user_handle: 'third', user_profile_version: 3 });
    // alice's own summary shows bob, not alice: a copy of alice's profile is refused there.
    expect(await db.table.copyProfileIntoSummary(pair.alice.uuid, pair.groupUuid, copy(4, 'Fourth', 'fourth'))).toBeNull();
    expect((await item(groupSummaryKeys.of(pair.alice.uuid, pair.groupUuid))).user_handle).toBe(pair.bob.handle);
  });

  it('lists a person’s conversations with the other member of each (their own partition, no scan)', async () => {
    const pages = [];
    for await (const page of db.table.conversationPartners(pair.alice.uuid)) pages.push(...page);
    expect(pages).toEqual([{ messageGroupUuid: pair.groupUuid, otherUuid: pair.bob.uuid }]);
  });
});
