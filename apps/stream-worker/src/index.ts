/**
 * What development tooling (bin/, bench/) may use of the stream-worker: its configuration (the
 * launcher's port) and pattern E's record processor with what it needs (the cost benchmark runs it
 * over the table's real stream records). The one door into the app for them; lint enforces it.
 */
export type { GroupEventsPublisher } from './events/group-events.publisher';
export { UpdateGroupSummariesService } from './group-summaries/update-group-summaries.service';
export { ProfileFanoutService } from './profiles/profile-fanout.service';
export { StreamMetrics } from './metrics/stream-metrics';
export { type ChangeRecord, fromSdkRecord } from './record-processing/change-record';
export { streamWorkerConfig } from './stream-worker.config';
