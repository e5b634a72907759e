package io.cku.shared;

import java.util.List;

/** A client's request was refused before anything changed; each violation names the field and what is wrong. */
public class InvalidRequest extends RuntimeException {

    private final List<Violation> violations;

    public InvalidRequest(List<Violation> violations) {
        super(violations.size() == 1 ? "1 field is invalid" : violations.size() + " fields are invalid");
        this.violations = List.copyOf(violations);
    }

    /** A request with one problem. */
    public static InvalidRequest of(String field, String message) {
        return new InvalidRequest(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }

    /** One problem with one field, such as {@code plan.steps[2].name}. */
    public record Violation(String field, String message) {
    }
}
