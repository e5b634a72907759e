package io.cku.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;

/**
 * Handles on package-private classes of other modules. Their modules keep implementations package-private (Spring builds
 * them), so a benchmark reaches them the way the tests' own package would: by name, with a private lookup. A handle kept
 * in a {@code static final} field is a constant to the JIT and is inlined, so calling through it costs what a direct call
 * costs; the benchmarks call only such handles on their measured path.
 */
final class Internals {

    private Internals() {
    }

    static Class<?> type(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is not on the class path (bench/jmh.sh puts it there)", e);
        }
    }

    /** The method {@code name} of {@code owner}, whatever its access. */
    static MethodHandle method(Class<?> owner, String name, Class<?>... parameters) {
        try {
            Method method = owner.getDeclaredMethod(name, parameters);
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).unreflect(method);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach " + owner.getName() + "." + name + "; has its signature changed?", e);
        }
    }

    /** The constructor of {@code owner} taking {@code parameters}, whatever its access. */
    static MethodHandle constructor(Class<?> owner, Class<?>... parameters) {
        try {
            Constructor<?> constructor = owner.getDeclaredConstructor(parameters);
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).unreflectConstructor(constructor);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + owner.getName() + "; has its constructor changed?", e);
        }
    }
}
