package dev.cobro.spring;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Spring is optional for hosts: no class of Cobro outside this module may know it. */
class SpringStaysInItsModuleTest {

    private final JavaClasses cobro = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
            .importPackages("dev.cobro");

    @Test
    void noCobroClassOutsideTheSpringModuleDependsOnSpring() {
        noClasses().that().resideOutsideOfPackage("dev.cobro.spring..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(cobro);
    }

    @Test
    void theRuleAboveSeesTheLibrary() {
        classes().that().resideInAnyPackage("dev.cobro.bootstrap..", "dev.cobro.application..", "dev.cobro.domain..")
                .should().resideOutsideOfPackage("dev.cobro.spring..")
                .check(cobro);
    }
}
