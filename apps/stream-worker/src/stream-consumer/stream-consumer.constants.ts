/** The ShardReaderFactory the scheduler starts shard readers with. */
export const SHARD_READER_FACTORY = Symbol('SHARD_READER_FACTORY');
