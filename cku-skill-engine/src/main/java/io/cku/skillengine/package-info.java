/**
 * Layer 2: the skill SPI, the built-in skills and the routing of a step's intent to a skill.
 */
package io.cku.skillengine;
