package dev.cobro.bootstrap.architecture;

import dev.cobro.bootstrap.Cobro;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a host reaches by following {@link Cobro}'s public signatures: every Cobro type named by a
 * public method (parameters, return type, thrown exceptions, generic arguments), constructor or field
 * of a type already reached, by its Cobro supertypes and, for a sealed type, by its permitted
 * subtypes (a host matches on them). Record components are public accessors, so they are walked too.
 * Types outside {@code dev.cobro} (the JDK, Micrometer, a DataSource) end the walk.
 */
final class FacadeApi {

    /** Each reached type, with the path of signatures that reaches it first. */
    private final Map<Class<?>, String> reached = new LinkedHashMap<>();
    /** Bounds like {@code S extends Enum<S>} name themselves: each variable is walked once. */
    private final Set<TypeVariable<?>> variables = new java.util.HashSet<>();

    private FacadeApi() {
    }

    static FacadeApi walkFrom(Class<?>... roots) {
        FacadeApi api = new FacadeApi();
        Deque<Class<?>> queue = new ArrayDeque<>();
        for (Class<?> root : roots) {
            api.reach(root, root.getSimpleName(), queue);
        }
        while (!queue.isEmpty()) {
            Class<?> type = queue.removeFirst();
            String path = api.reached.get(type);
            for (Method method : type.getMethods()) {
                if (!isCobro(method.getDeclaringClass())) {
                    continue;
                }
                String via = path + " -> " + name(type) + "." + method.getName() + "(..)";
                api.reachAll(method.getGenericReturnType(), via, queue);
                for (Type parameter : method.getGenericParameterTypes()) {
                    api.reachAll(parameter, via, queue);
                }
                for (Type thrown : method.getGenericExceptionTypes()) {
                    api.reachAll(thrown, via, queue);
                }
            }
            for (Constructor<?> constructor : type.getConstructors()) {
                String via = path + " -> new " + name(type) + "(..)";
                for (Type parameter : constructor.getGenericParameterTypes()) {
                    api.reachAll(parameter, via, queue);
                }
            }
            for (Field field : type.getFields()) {
                api.reachAll(field.getGenericType(), path + " -> " + name(type) + "." + field.getName(), queue);
            }
            if (type.getSuperclass() != null) {
                api.reach(type.getSuperclass(), path + " -> supertype of " + name(type), queue);
            }
            for (Type supertype : type.getGenericInterfaces()) {
                api.reachAll(supertype, path + " -> supertype of " + name(type), queue);
            }
            if (type.isSealed()) {
                for (Class<?> permitted : type.getPermittedSubclasses()) {
                    api.reach(permitted, path + " -> permitted subtype of " + name(type), queue);
                }
            }
        }
        return api;
    }

    /** The reached types, each with the path that reaches it. */
    Map<Class<?>, String> types() {
        return reached;
    }

    /** The reached types' public members: methods declared by a Cobro type, constructors and fields. */
    int publicMembers() {
        int count = 0;
        for (Class<?> type : reached.keySet()) {
            Set<String> methods = new LinkedHashSet<>();
            for (Method method : type.getMethods()) {
                if (isCobro(method.getDeclaringClass()) && !method.isSynthetic() && !method.isBridge()) {
                    methods.add(method.getName() + Arrays.toString(method.getParameterTypes()));
                }
            }
            count += methods.size() + type.getConstructors().length;
            for (Field field : type.getFields()) {
                if (isCobro(field.getDeclaringClass())) {
                    count++;
                }
            }
        }
        return count;
    }

    private void reachAll(Type type, String path, Deque<Class<?>> queue) {
        if (type instanceof Class<?> raw) {
            reach(raw, path, queue);
        } else if (type instanceof ParameterizedType parameterized) {
            reachAll(parameterized.getRawType(), path, queue);
            for (Type argument : parameterized.getActualTypeArguments()) {
                reachAll(argument, path, queue);
            }
        } else if (type instanceof WildcardType wildcard) {
            for (Type bound : wildcard.getUpperBounds()) {
                reachAll(bound, path, queue);
            }
            for (Type bound : wildcard.getLowerBounds()) {
                reachAll(bound, path, queue);
            }
        } else if (type instanceof GenericArrayType array) {
            reachAll(array.getGenericComponentType(), path, queue);
        } else if (type instanceof TypeVariable<?> variable && variables.add(variable)) {
            for (Type bound : variable.getBounds()) {
                reachAll(bound, path, queue);
            }
        }
    }

    private void reach(Class<?> type, String path, Deque<Class<?>> queue) {
        Class<?> raw = type;
        while (raw.isArray()) {
            raw = raw.getComponentType();
        }
        if (!isCobro(raw) || !Modifier.isPublic(raw.getModifiers()) || reached.containsKey(raw)) {
            return;
        }
        reached.put(raw, path);
        queue.addLast(raw);
    }

    private static boolean isCobro(Class<?> type) {
        return type.getName().startsWith("dev.cobro.");
    }

    private static String name(Class<?> type) {
        return type.getName().substring(type.getPackageName().length() + 1).replace('$', '.');
    }
}
