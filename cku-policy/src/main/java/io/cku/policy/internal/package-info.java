/** Where policy versions are stored. */
package io.cku.policy.internal;
