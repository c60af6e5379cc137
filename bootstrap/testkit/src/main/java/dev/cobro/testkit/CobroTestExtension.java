package dev.cobro.testkit;

import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension for a host's tests of its Cobro integration: a test (or a lifecycle method)
 * asks for what it needs as parameters.
 * <ul>
 *   <li>{@link ProviderSandbox}: every provider simulated on loopback, on a free port, with the
 *       sandbox's default credentials; one per test class, closed after the class's last test.</li>
 *   <li>{@link TestDatabase.Handle}: an empty PostgreSQL database of the test's own, on a server
 *       found once per JVM ({@code COBRO_TEST_JDBC_URL}, else Testcontainers where Docker runs,
 *       else an embedded PostgreSQL); one per test method, so tests never see each other's rows.</li>
 * </ul>
 * <pre>{@code
 * @ExtendWith(CobroTestExtension.class)
 * class ShopCheckoutTest {
 *     @Test
 *     void pays(ProviderSandbox sandbox, TestDatabase.Handle db) { ... }
 * }
 * }</pre>
 */
public final class CobroTestExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CobroTestExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ProviderSandbox.class || type == TestDatabase.Handle.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == ProviderSandbox.class) {
            return sandboxOf(context);
        }
        if (type == TestDatabase.Handle.class) {
            // The method's own store: every test gets a database of its own; a lifecycle method's
            // (@BeforeAll, @BeforeEach) context holds one for its scope in the same way.
            return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestDatabase.Handle.class,
                    key -> TestDatabase.freshDatabase(), TestDatabase.Handle.class);
        }
        throw new ParameterResolutionException("CobroTestExtension does not resolve " + type.getName());
    }

    /** One sandbox for the test class: started on first use, closed when the class's context ends. */
    private static ProviderSandbox sandboxOf(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getParent().isPresent() && classContext.getParent().get().getTestClass().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(ClosingSandbox.class,
                key -> new ClosingSandbox(ProviderSandbox.builder().port(0).start()), ClosingSandbox.class).sandbox;
    }

    /** Closed by JUnit when its store's context ends, on every JUnit 5 version a host may run. */
    @SuppressWarnings("deprecation")
    private record ClosingSandbox(ProviderSandbox sandbox) implements ExtensionContext.Store.CloseableResource {

        @Override
        public void close() {
            sandbox.close();
        }
    }
}
