package io.cku.app.web;

/** The caller is known but may not do this. */
class PermissionDenied extends RuntimeException {

    PermissionDenied(String message) {
        super(message);
    }
}
