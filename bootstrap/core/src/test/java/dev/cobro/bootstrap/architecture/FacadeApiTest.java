package dev.cobro.bootstrap.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.NotificationAuthenticityPort;
import dev.cobro.bootstrap.Cobro;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * What a host may rely on: following the facade's public signatures it reaches commands, results,
 * read-only views, exceptions, immutable values and the interfaces it implements to plug a provider or
 * a listener in; never the core's insides. An aggregate handed out could be moved or marked saved
 * behind the use cases' back; an adapter or a service would pin their constructors and internals as
 * public API for good.
 */
class FacadeApiTest {

    /** The interfaces a host implements to add a provider or its own proof of a notification. */
    static final Set<String> HOST_IMPLEMENTS = Set.of(HostedCheckoutProviderPort.class.getName(),
            CardAuthorizationProviderPort.class.getName(), NotificationAuthenticityPort.class.getName());

    static JavaClasses cobro;
    static Map<Class<?>, String> reached;

    @BeforeAll
    static void importProductionClasses() {
        cobro = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(new ArchitectureTest.ExcludeTestJars())
                .importPackages("dev.cobro");
        reached = FacadeApi.walkFrom(Cobro.class).types();
    }

    @Test
    void theFacadeReachesOnlyApiTypes() {
        classes().that(areReachedFromTheFacade())
                .should(beAnApiType())
                .because("a host relies on commands, results, read-only views and values, never on the core's insides")
                .check(cobro);
    }

    static DescribedPredicate<JavaClass> areReachedFromTheFacade() {
        return DescribedPredicate.describe("are reached by following the facade's public signatures",
                c -> reached.keySet().stream().anyMatch(type -> type.getName().equals(c.getName())));
    }

    static ArchCondition<JavaClass> beAnApiType() {
        return new ArchCondition<>("be API types (no aggregate, adapter, service or internal port)") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                Optional<String> what = internal(type);
                String path = reached.entrySet().stream().filter(e -> e.getKey().getName().equals(type.getName()))
                        .map(Map.Entry::getValue).findFirst().orElse("?");
                events.add(new SimpleConditionEvent(type, what.isEmpty(), what.map(w -> type.getName() + " is " + w
                        + ", reached by " + path).orElse(type.getName() + " is an API type")));
            }
        };
    }

    /** What makes a class the core's insides, if anything does. */
    static Optional<String> internal(JavaClass type) {
        String pkg = type.getPackageName();
        boolean value = type.isRecord() || type.isEnum()
                || type.isAssignableTo(Throwable.class);
        if (pkg.startsWith("dev.cobro.domain") && !value && !type.isInterface() && type.getFields().stream()
                .anyMatch(f -> !f.getModifiers().contains(JavaModifier.STATIC)
                        && !f.getModifiers().contains(JavaModifier.FINAL))) {
            return Optional.of("a domain class with mutable state (an aggregate or part of one)");
        }
        if (pkg.startsWith("dev.cobro.adapters") && !value) {
            return Optional.of("an adapter class");
        }
        if (pkg.startsWith("dev.cobro.application.service") && !value && type.isTopLevelClass()) {
            return Optional.of("a service class");
        }
        if (pkg.equals("dev.cobro.application.port.out") && type.isInterface()
                && type.getSimpleName().endsWith("Port") && !HOST_IMPLEMENTS.contains(type.getName())) {
            return Optional.of("a port of the core's own infrastructure");
        }
        return Optional.empty();
    }
}
