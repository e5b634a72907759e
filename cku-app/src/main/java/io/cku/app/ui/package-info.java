/**
 * The web control plane under {@code /ui/}: server-rendered pages (Thymeleaf, htmx) behind a session login with CSRF
 * protection and a strict Content-Security-Policy, calling the same services as the REST API with the same caller.
 */
package io.cku.app.ui;
