/**
 * Layer 0: the event hub. Events are read from a stored stream ({@link io.cku.realtime.EventStore}, the audit chain in the
 * service) and dispatched in order to subscriptions with bounded buffers; other instances hear of them through Redis
 * pub/sub ({@link io.cku.realtime.RedisFanout}) or by reading the same stored stream. Nothing here holds an event the store
 * does not: a subscriber that missed one reads it again from the store.
 */
package io.cku.realtime;
