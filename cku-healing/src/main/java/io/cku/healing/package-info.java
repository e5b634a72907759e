/**
 * Layer 2: failure classification, retry schedules, compensation and human decisions.
 */
package io.cku.healing;
