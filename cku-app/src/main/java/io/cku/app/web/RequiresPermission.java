package io.cku.app.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.cku.policy.Permission;

/**
 * The permission a route needs, declared on its handler method. A route with none of this, {@link AnyCaller} and
 * {@link PublicRoute} is refused with 403 ({@link PermissionInterceptor}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresPermission {

    Permission value();
}
