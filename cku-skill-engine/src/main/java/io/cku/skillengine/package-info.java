/**
 * Layer 2: the skill SPI, the built-in skills, the routing of a step's intent to a skill, and the guard of where skills
 * may connect ({@link io.cku.skillengine.DestinationGuard}).
 */
package io.cku.skillengine;
