/**
 * The CEL language of tenant policy rules: the variables a rule sees, compiling once, and evaluating against a run.
 */
package io.cku.governance.rules;
