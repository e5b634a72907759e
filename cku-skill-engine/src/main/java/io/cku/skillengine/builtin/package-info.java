/**
 * The skills that ship with CKU: noop, sleep, http, shell and file.write.
 */
package io.cku.skillengine.builtin;
