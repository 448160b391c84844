/** The LiveEventPublisher of the configured EVENTS_TRANSPORT, or null for `none`. */
export const LIVE_EVENT_PUBLISHER = Symbol('LIVE_EVENT_PUBLISHER');
