package io.cku.app.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problems with this service's type URIs ({@code urn:cku:problem:<slug>}). */
public final class Problems {

    private Problems() {
    }

    /** A problem with a type, a title and a detail a person can act on. */
    public static ProblemDetail of(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(slug));
        problem.setTitle(title);
        return problem;
    }

    /** The type URI of a problem slug. */
    public static URI type(String slug) {
        return URI.create("urn:cku:problem:" + slug);
    }
}
