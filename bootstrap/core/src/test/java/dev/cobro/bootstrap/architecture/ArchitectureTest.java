package dev.cobro.bootstrap.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.HostedCheckoutProviderPort;
import dev.cobro.application.port.out.NotificationAuthenticityPort;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hexagon, enforced: these rules fail the build when a dependency points the wrong way. Every
 * class of every library module is visible here (cobro-bootstrap sees them all, and the testkit is a
 * test dependency); test classes and test-jars are left out so that only production code is judged.
 * The CLI sits outside: Maven lets nothing depend on it, so it is not on this classpath.
 */
class ArchitectureTest {

    static final String DOMAIN = "dev.cobro.domain..";
    static final String APPLICATION = "dev.cobro.application..";
    static final String HTTP_ADAPTERS = "dev.cobro.adapters.http..";
    static final String PERSISTENCE_ADAPTERS = "dev.cobro.adapters.persistence..";
    static final String PERSISTENCE_ROOT = "dev.cobro.adapters.persistence";
    static final String PERSISTENCE_ROLES = "dev.cobro.adapters.persistence.*..";
    static final String PERSISTENCE_ENTITIES = "dev.cobro.adapters.persistence.entity";
    static final String PERSISTENCE_MAPPING = "dev.cobro.adapters.persistence.mapping";
    static final String BOOTSTRAP = "dev.cobro.bootstrap..";
    static final String TESTKIT = "dev.cobro.testkit..";
    static final String CLI = "dev.cobro.cli..";

    static JavaClasses cobro;

    @BeforeAll
    static void importProductionClasses() {
        cobro = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(new ExcludeTestJars())
                .importPackages("dev.cobro");
    }

    /** A rule naming a package that does not exist checks nothing: each named package must hold classes. */
    @ParameterizedTest
    @ValueSource(strings = {"dev.cobro.domain", "dev.cobro.application", "dev.cobro.application.port.in",
            "dev.cobro.application.port.out", "dev.cobro.adapters.http", "dev.cobro.adapters.persistence",
            "dev.cobro.adapters.persistence.entity", "dev.cobro.adapters.persistence.mapping",
            "dev.cobro.bootstrap", "dev.cobro.db", "dev.cobro.testkit"})
    void everyPackageTheRulesNameExists(String packageName) {
        assertThat(cobro.stream().anyMatch(c -> c.getPackageName().startsWith(packageName)))
                .as("classes in %s", packageName).isTrue();
    }

    @Test
    void domainDependsOnNothingButTheJdk() {
        classes().that().resideInAPackage(DOMAIN)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN)
                .because("the domain is plain Java")
                .check(cobro);
    }

    @Test
    void domainDoesNoInputOutput() {
        noClasses().that().resideInAPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "java.net..", "java.nio.file..",
                        "java.nio.channels..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(java.io.File.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(java.io.FileInputStream.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(java.io.FileOutputStream.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(java.io.FileReader.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(java.io.FileWriter.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(java.io.RandomAccessFile.class.getName())
                .because("the domain neither stores nor sends anything")
                .check(cobro);
    }

    @Test
    void domainReadsTimeOnlyFromAnInjectedClock() {
        noClasses().that().resideInAPackage(DOMAIN)
                .should().callMethod(Instant.class, "now")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(LocalDate.class, "now")
                .orShould().callMethod(ZonedDateTime.class, "now")
                .orShould().callMethod(OffsetDateTime.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .because("time comes from an injected java.time.Clock")
                .check(cobro);
    }

    @Test
    void applicationKnowsNoAdapterAndNoFramework() {
        noClasses().that().resideInAPackage(APPLICATION)
                .should().dependOnClassesThat().resideInAnyPackage("dev.cobro.adapters..", BOOTSTRAP, TESTKIT, CLI,
                        "dev.cobro.db..",
                        "org.hibernate..", "jakarta.persistence..", "feign..", "com.fasterxml.jackson..",
                        "org.mapstruct..", "com.zaxxer..", "org.postgresql..", "org.flywaydb..")
                .check(cobro);
    }

    /**
     * Micrometer is optional for hosts: only the binding a host asks for with
     * {@code Cobro.builder().meterRegistry(...)} may name it, so that no other class needs it at run time.
     */
    @Test
    void onlyTheMicrometerBindingKnowsMicrometer() {
        noClasses().that().haveNameNotMatching("dev\\.cobro\\.bootstrap\\.(MicrometerMetrics|Cobro\\$Builder)")
                .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
                .because("a host without Micrometer must be able to run Cobro")
                .check(cobro);
    }

    @Test
    void domainKnowsNoApplication() {
        noClasses().that().resideInAPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage(APPLICATION, "dev.cobro.adapters..", BOOTSTRAP)
                .check(cobro);
    }

    /** The library a host adds knows nothing of the sandbox or the CLI: those are artifacts of their own. */
    @Test
    void theLibraryKnowsNoSandboxAndNoCli() {
        noClasses().that().resideInAnyPackage(DOMAIN, APPLICATION, "dev.cobro.adapters..", BOOTSTRAP)
                .should().dependOnClassesThat().resideInAnyPackage(TESTKIT, CLI)
                .check(cobro);
    }

    /** The sandbox simulates providers over HTTP; it must not lean on Cobro's wiring (a host's tests use it). */
    @Test
    void theSandboxKnowsNoFacadeNoStoreAndNoCli() {
        noClasses().that().resideInAPackage(TESTKIT)
                .should().dependOnClassesThat().resideInAnyPackage(BOOTSTRAP, CLI, PERSISTENCE_ADAPTERS,
                        "dev.cobro.application.service..")
                .check(cobro);
    }

    @Test
    void httpAdaptersDoNotDependOnPersistenceAdapters() {
        noClasses().that().resideInAPackage(HTTP_ADAPTERS)
                .should().dependOnClassesThat().resideInAnyPackage(PERSISTENCE_ADAPTERS, BOOTSTRAP)
                .check(cobro);
    }

    @Test
    void persistenceAdaptersDoNotDependOnHttpAdapters() {
        noClasses().that().resideInAPackage(PERSISTENCE_ADAPTERS)
                .should().dependOnClassesThat().resideInAnyPackage(HTTP_ADAPTERS, BOOTSTRAP)
                .check(cobro);
    }

    @Test
    void oneProviderAdapterDoesNotDependOnAnother() {
        noClasses().that().resideInAPackage("dev.cobro.adapters.http.eightyeightpay..")
                .should().dependOnClassesThat().resideInAPackage("dev.cobro.adapters.http.payme..")
                .check(cobro);
        noClasses().that().resideInAPackage("dev.cobro.adapters.http.payme..")
                .should().dependOnClassesThat().resideInAPackage("dev.cobro.adapters.http.eightyeightpay..")
                .check(cobro);
        noClasses().that().resideInAnyPackage("dev.cobro.adapters.http.eightyeightpay..",
                        "dev.cobro.adapters.http.payme..")
                .should().dependOnClassesThat().resideInAPackage("dev.cobro.adapters.http.mercadopago..")
                .check(cobro);
        noClasses().that().resideInAPackage("dev.cobro.adapters.http.mercadopago..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cobro.adapters.http.eightyeightpay..",
                        "dev.cobro.adapters.http.payme..")
                .check(cobro);
    }

    /**
     * A provider added by the README's "Adding a provider" lives in its adapter: domain and
     * application hold no class, no constant and no string that names it (the compiled classes are
     * read whole, so a string literal counts too). 88Pay and Pay-me predate the guide: their ids are
     * domain constants ({@code ProviderId}).
     */
    @ParameterizedTest
    // Case-sensitive: the provider's id, its class names and its name in prose. 88Pay's wallet method
    // code MERCADOPAGO (PaymentMethod) is a payment method, not the provider.
    @ValueSource(strings = {"mercadopago", "MercadoPago", "Mercado Pago", "mercado-pago", "mercado_pago"})
    void noProviderNameOutsideItsAdapter(String name) throws Exception {
        java.util.List<String> naming = new java.util.ArrayList<>();
        for (JavaClass c : cobro) {
            if (!c.getPackageName().startsWith("dev.cobro.domain")
                    && !c.getPackageName().startsWith("dev.cobro.application")) {
                continue;
            }
            java.net.URI uri = c.getSource().orElseThrow().getUri();
            byte[] bytes;
            try (java.io.InputStream in = uri.toURL().openStream()) {
                bytes = in.readAllBytes();
            }
            if (new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains(name)) {
                naming.add(c.getName());
            }
        }
        assertThat(naming).as("domain and application classes naming '" + name + "'").isEmpty();
        noClasses().that().resideInAnyPackage(DOMAIN, APPLICATION, PERSISTENCE_ADAPTERS,
                        "dev.cobro.adapters.http.support..")
                .should().dependOnClassesThat().resideInAPackage("dev.cobro.adapters.http.mercadopago..")
                .check(cobro);
    }

    /**
     * Entities and their embeddables are public only to the persistence adapter's other packages:
     * they live in its entity package and nothing outside the adapter depends on them.
     */
    @Test
    void jpaEntitiesLiveInTheirPackageAndStayInsideThePersistenceAdapter() {
        classes().that().areAnnotatedWith("jakarta.persistence.Entity")
                .or().areAnnotatedWith("jakarta.persistence.Embeddable")
                .should().resideInAPackage(PERSISTENCE_ENTITIES)
                .andShould().onlyHaveDependentClassesThat().resideInAPackage(PERSISTENCE_ADAPTERS)
                .because("entities are the persistence adapter's insides")
                .check(cobro);
    }

    @Test
    void feignInterfacesArePackagePrivate() {
        classes().that(declareFeignRequestLines())
                .should().notBePublic()
                .because("Feign interfaces are the HTTP adapters' insides")
                .check(cobro);
    }

    @Test
    void dtosAndMappersArePackagePrivate() {
        classes().that(carryJacksonAnnotations()).and().resideInAPackage("dev.cobro.adapters..")
                .should().notBePublic()
                .because("wire DTOs are the HTTP adapters' insides")
                .check(cobro);
        classes().that().areAnnotatedWith("org.mapstruct.Mapper").and().resideInAPackage(HTTP_ADAPTERS)
                .should().notBePublic()
                .check(cobro);
    }

    /** The persistence adapter's mappers are public to its other packages only, as its entities are. */
    @Test
    void persistenceMappersLiveInTheirPackageAndStayInsideThePersistenceAdapter() {
        classes().that().areAnnotatedWith("org.mapstruct.Mapper").and().resideInAPackage(PERSISTENCE_ADAPTERS)
                .should().resideInAPackage(PERSISTENCE_MAPPING)
                .andShould().onlyHaveDependentClassesThat().resideInAPackage(PERSISTENCE_ADAPTERS)
                .because("mapping an aggregate to its rows is the persistence adapter's business")
                .check(cobro);
    }

    /** In a provider's package the adapter (and its settings) is the only public class. */
    @Test
    void aProviderPackageExposesOnlyItsAdapterAndItsSettings() {
        classes().that().resideInAnyPackage("dev.cobro.adapters.http.eightyeightpay..",
                        "dev.cobro.adapters.http.payme..", "dev.cobro.adapters.http.mercadopago..")
                .and().arePublic()
                .should().implement(HostedCheckoutProviderPort.class)
                .orShould().implement(CardAuthorizationProviderPort.class)
                // The provider's own proof on its notifications (88Pay's bearer token) is a port adapter too.
                .orShould().implement(NotificationAuthenticityPort.class)
                .orShould().haveSimpleNameEndingWith("Settings")
                .check(cobro);
    }

    /**
     * Outside the persistence adapter only its root package is reachable, and there only the port
     * adapters and the entry point are public; its role packages (entities, mapping, writes,
     * history queries, support) are public to one another, never to the rest of Cobro or a host.
     */
    @Test
    void persistenceExposesOnlyPortAdaptersAndItsEntryPoint() {
        classes().that().resideInAPackage(PERSISTENCE_ROOT).and().arePublic()
                .should().haveSimpleNameStartingWith("Postgres").andShould().haveSimpleNameEndingWith("Adapter")
                .orShould().haveSimpleName("CobroPersistence")
                .check(cobro);
        noClasses().that().resideOutsideOfPackage(PERSISTENCE_ADAPTERS)
                .should().dependOnClassesThat().resideInAPackage(PERSISTENCE_ROLES)
                .because("the persistence adapter's role packages are its insides")
                .check(cobro);
    }

    @Test
    void noFrameworkAnnotationInTheCore() {
        noClasses().that().resideInAnyPackage(DOMAIN, APPLICATION)
                .should().beAnnotatedWith(DescribedPredicate.describe("a framework annotation",
                        a -> a.getRawType().getPackageName().startsWith("jakarta.")
                                || a.getRawType().getPackageName().startsWith("com.fasterxml.")
                                || a.getRawType().getPackageName().startsWith("feign")
                                || a.getRawType().getPackageName().startsWith("org.hibernate")))
                .check(cobro);
    }

    /** A class whose own fields, or itself, carry Jackson annotations: a wire DTO. */
    static DescribedPredicate<JavaClass> carryJacksonAnnotations() {
        return DescribedPredicate.describe("carry Jackson annotations",
                c -> c.getAnnotations().stream().anyMatch(a -> a.getRawType().getPackageName()
                        .startsWith("com.fasterxml.jackson.annotation"))
                        || c.getFields().stream().anyMatch(f -> f.getAnnotations().stream().anyMatch(a ->
                        a.getRawType().getPackageName().startsWith("com.fasterxml.jackson.annotation"))));
    }

    static DescribedPredicate<JavaClass> declareFeignRequestLines() {
        return DescribedPredicate.describe("declare Feign @RequestLine methods",
                c -> c.isInterface() && c.getMethods().stream().anyMatch(m -> m.isAnnotatedWith("feign.RequestLine")));
    }

    /** The test-jars (fakes, the test-database helper) are test code too. */
    static final class ExcludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar") && !location.contains("/test-classes/");
        }
    }
}
