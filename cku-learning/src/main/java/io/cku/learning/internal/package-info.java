/** The learning loop's storage, its thread and the policy learner. */
package io.cku.learning.internal;
