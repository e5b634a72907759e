/** JMH micro-benchmarks of the per-request and per-run hot paths; run by {@code bench/jmh.sh}, never by the build's tests. */
package io.cku.bench;
