/**
 * Where the service's PostgreSQL comes from: an external server, or an embedded one whose data survives restarts.
 */
package io.cku.app.database;
