package io.cku.app.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A route for every authenticated caller whatever their roles, because it acts on the caller alone (ending one's own
 * session). Without a verified caller it is refused like any other.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AnyCaller {

    /** Why no permission is needed, for reviewers. */
    String value();
}
