/**
 * Live events (docs/design.md §8) between the apps: the events and their per-person deliveries, the
 * transport that carries them (EVENTS_TRANSPORT: none, tcp, nats, redis), the publishers (messages-api's
 * send and read paths, the stream-worker) and the per-person broker subscriptions (messages-api).
 */
export * from './live-event';
export {
  EVENTS_TRANSPORT_SECRET,
  eventsTransportConfig,
  localEventsTransportSecretFile,
  type EventsTransportOptions,
} from './events-transport.config';
export { createLiveEventPublisher, type LiveEventPublisher } from './live-event-publisher';
export { createLiveSubscriptions, type Deliver, type LiveSubscriptions } from './live-event-subscriptions';
export {
  createProfileChangeBroadcast,
  decodeProfileChange,
  type OnProfileChanged,
  type ProfileChangeBroadcast,
  type ProfileChanged,
} from './profile-changes';
