/**
 * Change freezes: the per-tenant, per-environment freeze windows the CHANGE_WINDOW gate consults.
 */
package io.cku.governance.freeze;
