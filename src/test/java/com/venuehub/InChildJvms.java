package com.venuehub;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test class whose hub, database or broker run in JVMs of their own ({@link ChildHub}):
 * it runs beside the tests of the shared Spring context rather than after them, one such
 * class at a time. Most of its time is a hub starting or a fault lasting, with the test
 * JVM idle. The other test classes run one at a time as before
 * ({@code junit-platform.properties}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("child-jvms")
public @interface InChildJvms {

}
