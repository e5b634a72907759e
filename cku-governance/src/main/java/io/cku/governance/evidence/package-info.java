/**
 * Evidence a CI job attaches to a run as the reports it already produces (JaCoCo XML, SARIF), parsed and summarised.
 */
package io.cku.governance.evidence;
