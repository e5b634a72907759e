/**
 * Layer 2: outcomes, reliability models and the policy learner.
 */
package io.cku.learning;
