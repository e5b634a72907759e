/** Where approvals are stored. */
package io.cku.governance.internal;
