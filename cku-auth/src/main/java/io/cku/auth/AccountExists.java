package io.cku.auth;

/** A user or service account of that name exists already. */
public class AccountExists extends RuntimeException {

    public AccountExists(String what) {
        super(what + " exists already");
    }
}
