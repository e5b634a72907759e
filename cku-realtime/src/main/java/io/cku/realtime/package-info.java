/**
 * Layer 0: the event bus that carries state changes to subscribers, locally or across instances through Redis.
 */
package io.cku.realtime;
