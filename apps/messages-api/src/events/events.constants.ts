/** `(deliver) => LiveSubscriptions`: how LiveHub subscribes to the broker for the configured EVENTS_TRANSPORT. */
export const LIVE_SUBSCRIPTIONS = Symbol('LIVE_SUBSCRIPTIONS');

/** The LiveEventPublisher of a broker (nats, redis), or null: LivePublisher then hands events straight to LiveHub. */
export const LIVE_EVENT_BROKER = Symbol('LIVE_EVENT_BROKER');
