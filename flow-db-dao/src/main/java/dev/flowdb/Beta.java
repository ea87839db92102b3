package dev.flowdb;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks public API that is new and may still change in a minor release (see the versioning rule
 * in the README): its shape is expected to settle after users have tried it. Everything public in
 * {@code dev.flowdb} without this mark follows semantic versioning strictly.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface Beta {
}
