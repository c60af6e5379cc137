package dev.cobro.adapters.http.support;

import feign.Client;
import feign.Contract;
import feign.Feign;
import feign.InvocationHandlerFactory;
import feign.Logger;
import feign.MethodMetadata;
import feign.Request;
import feign.RequestTemplate;
import feign.Response;
import feign.RetryableException;
import feign.Target;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Feign's invocation of Cobro's provider interfaces with each method's templates resolved once, when
 * the client is built, instead of on every call. Feign copies a method's request template, parses its
 * header and URI templates again and expands them for each call; a load run's profile put that at
 * about a tenth of the JVM's time of a provider call. The interfaces stay the one declaration of each
 * call (Feign's contract reads them, here as in Feign); what a call does here is what Feign does for
 * such a method: its literal headers, {@code {name}} expressions replaced by the arguments, the
 * {@code @HeaderMap}'s entries, a {@code String} body in UTF-8, the same {@link Client}, options and
 * redacting logger (request, answer or I/O failure), an I/O failure as a {@link RetryableException}
 * that is never retried, and the raw {@link Response} returned.
 * <p>
 * A method or a call this does not cover goes through Feign's own handler unchanged: a query, a
 * form, a URL or options argument, an expression with a modifier ({@code {name:default}}), a null
 * argument, a path value that would need percent-encoding, a header-map value holding a brace.
 */
final class ResolvedTemplates implements InvocationHandlerFactory {

    private final Client client;
    private final Request.Options options;
    private final RedactingFeignLogger logger;
    private final Logger.Level level;

    ResolvedTemplates(Client client, Request.Options options, RedactingFeignLogger logger, Logger.Level level) {
        this.client = client;
        this.options = options;
        this.logger = logger;
        this.level = level;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public InvocationHandler create(Target target, Map<Method, MethodHandler> dispatch) {
        Map<String, MethodMetadata> metadata = new HashMap<>();
        for (MethodMetadata m : new Contract.Default().parseAndValidateMetadata(target.type())) {
            metadata.put(m.configKey(), m);
        }
        Map<Method, MethodHandler> handlers = new HashMap<>();
        dispatch.forEach((method, feignHandler) -> {
            MethodMetadata m = metadata.get(Feign.configKey(target.type(), method));
            Resolved resolved = m == null ? null : Resolved.of(target.url(), m);
            handlers.put(method, resolved == null ? feignHandler : args -> {
                Request request = resolved.request(args);
                return request == null ? feignHandler.invoke(args) : send(resolved.configKey, request);
            });
        });
        return (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> args != null && args.length == 1 && args[0] == proxy;
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "ResolvedTemplates[" + target + "]";
                };
            }
            MethodHandler handler = handlers.get(method);
            if (handler == null) {
                throw new UnsupportedOperationException(method.toString());
            }
            return handler.invoke(args);
        };
    }

    private Response send(String configKey, Request request) throws IOException {
        if (level != Logger.Level.NONE) {
            logger.logRequest(configKey, level, request);
        }
        long started = System.nanoTime();
        Response response;
        try {
            response = client.execute(request, options);
        } catch (IOException e) {
            if (level != Logger.Level.NONE) {
                logger.logIOException(configKey, level, e, elapsedMillis(started));
            }
            throw new RetryableException(-1, e.getMessage() + " executing " + request.httpMethod() + " "
                    + request.url(), request.httpMethod(), e, (Long) null, request);
        }
        return level == Logger.Level.NONE ? response
                : logger.logAndRebufferResponse(configKey, level, response, elapsedMillis(started));
    }

    private static long elapsedMillis(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** One method's request, its templates split once into literal text and argument positions. */
    private record Resolved(String configKey, Request.HttpMethod method, Text url, Map<String, Text> headers,
                            Integer bodyIndex, Integer headerMapIndex) {

        /** The method's resolved form, or null when Feign's handler is to make its calls. */
        static Resolved of(String baseUrl, MethodMetadata m) {
            RequestTemplate template = m.template();
            if (m.returnType() != Response.class || m.urlIndex() != null || m.queryMapIndex() != null
                    || !m.formParams().isEmpty() || !template.queries().isEmpty() || m.alwaysEncodeBody()
                    || !isEmpty(m.indexToExpander()) || !isEmpty(m.indexToExpanderClass())
                    || (m.bodyIndex() != null && m.bodyType() != String.class)
                    || template.bodyTemplate() != null || (template.body() != null && template.body().length > 0)
                    || hasOptionsParameter(m.method())) {
                return null;
            }
            Map<String, Integer> positions = new HashMap<>();
            m.indexToName().forEach((index, names) -> names.forEach(name -> positions.put(name, index)));
            Text url = Text.parse(baseUrl + template.url(), positions, true);
            Map<String, Text> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (Map.Entry<String, Collection<String>> header : template.headers().entrySet()) {
                if (header.getValue().size() != 1) {
                    return null;
                }
                Text value = Text.parse(header.getValue().iterator().next(), positions, false);
                if (value == null) {
                    return null;
                }
                headers.put(header.getKey(), value);
            }
            if (url == null) {
                return null;
            }
            return new Resolved(m.configKey(), Request.HttpMethod.valueOf(template.method()), url, headers,
                    m.bodyIndex(), m.headerMapIndex());
        }

        /** This call's request, or null when Feign is to build it. */
        Request request(Object[] args) {
            String target = url.expand(args, true);
            if (target == null) {
                return null;
            }
            Map<String, Collection<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (Map.Entry<String, Text> header : headers.entrySet()) {
                String value = header.getValue().expand(args, false);
                if (value == null) {
                    return null;
                }
                out.put(header.getKey(), List.of(value));
            }
            if (headerMapIndex != null && !addHeaderMap(args[headerMapIndex], out)) {
                return null;
            }
            byte[] body = null;
            if (bodyIndex != null) {
                Object value = args[bodyIndex];
                if (value == null) {
                    return null;
                }
                body = value.toString().getBytes(StandardCharsets.UTF_8);
                out.put("Content-Length", List.of(Integer.toString(body.length)));
            }
            return Request.create(method, target, out, body, body == null ? null : StandardCharsets.UTF_8, null);
        }

        private static boolean addHeaderMap(Object map, Map<String, Collection<String>> out) {
            if (!(map instanceof Map<?, ?> entries)) {
                return false;
            }
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                if (!(entry.getKey() instanceof String name) || entry.getValue() == null || out.containsKey(name)) {
                    return false;
                }
                List<String> values = new ArrayList<>(1);
                if (entry.getValue() instanceof Iterable<?> many) {
                    for (Object v : many) {
                        if (v == null) {
                            return false;
                        }
                        values.add(v.toString());
                    }
                } else {
                    values.add(entry.getValue().toString());
                }
                for (String value : values) {
                    if (value.indexOf('{') >= 0) {
                        return false;
                    }
                }
                out.put(name, values);
            }
            return true;
        }

        private static boolean isEmpty(Map<?, ?> map) {
            return map == null || map.isEmpty();
        }

        private static boolean hasOptionsParameter(Method method) {
            for (Class<?> type : method.getParameterTypes()) {
                if (type == Request.Options.class) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A template's text: literal parts, and between them the argument each {@code {name}} stands for. */
    private record Text(String[] literals, int[] arguments) {

        /** Null when an expression is not a plain {@code {name}} of a parameter. */
        static Text parse(String template, Map<String, Integer> positions, boolean inUrl) {
            List<String> literals = new ArrayList<>();
            List<Integer> arguments = new ArrayList<>();
            int from = 0;
            for (int open = template.indexOf('{'); open >= 0; open = template.indexOf('{', from)) {
                int close = template.indexOf('}', open);
                if (close < 0) {
                    return null;
                }
                String name = template.substring(open + 1, close);
                Integer position = positions.get(name);
                if (position == null || !name.matches("[A-Za-z0-9_]+")) {
                    return null;
                }
                literals.add(template.substring(from, open));
                arguments.add(position);
                from = close + 1;
            }
            String rest = template.substring(from);
            if (rest.indexOf('}') >= 0 || (inUrl && (rest.indexOf('?') >= 0 || rest.indexOf('%') >= 0))) {
                return null;
            }
            literals.add(rest);
            return new Text(literals.toArray(new String[0]), arguments.stream().mapToInt(Integer::intValue).toArray());
        }

        /** Null when an argument is null or, in a URL, would need encoding. */
        String expand(Object[] args, boolean inUrl) {
            if (arguments.length == 0) {
                return literals[0];
            }
            StringBuilder out = new StringBuilder(literals[0]);
            for (int i = 0; i < arguments.length; i++) {
                Object value = args[arguments[i]];
                if (value == null) {
                    return null;
                }
                String text = value.toString();
                if (inUrl ? !unreserved(text) : text.indexOf('{') >= 0) {
                    return null;
                }
                out.append(text).append(literals[i + 1]);
            }
            return out.toString();
        }

        private static boolean unreserved(String text) {
            if (text.isEmpty()) {
                return false;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '.' || c == '_' || c == '~';
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }
}
