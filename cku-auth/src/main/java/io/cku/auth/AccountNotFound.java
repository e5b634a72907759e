package io.cku.auth;

/** No user or service account of that name in the caller's reach (another tenant's accounts are not found either). */
public class AccountNotFound extends RuntimeException {

    public AccountNotFound(String what) {
        super(what + " not found");
    }
}
