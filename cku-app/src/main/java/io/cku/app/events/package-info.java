/**
 * The event stream of the service: the audit chain read as events ({@link io.cku.app.events.AuditEventStore}, the names
 * in {@link io.cku.app.events.EventTypes}), the hub that follows it and the Server-Sent Events routes.
 */
package io.cku.app.events;
