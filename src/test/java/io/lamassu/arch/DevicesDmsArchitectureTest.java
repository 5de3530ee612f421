package io.lamassu.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Design §3 rules for the devices and dms contexts. */
class DevicesDmsArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.lamassu");

    @Test
    void domainCodeIsFreeOfFrameworks() {
        noClasses().that().resideInAnyPackage("io.lamassu.devices", "io.lamassu.dms")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "java.sql..",
                        "com.fasterxml.jackson..", "com.rabbitmq..")
                .check(CLASSES);
    }

    @Test
    void devicesDependOnlyOnAllowedContexts() {
        noClasses().that().resideInAPackage("io.lamassu.devices..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lamassu.dms..", "io.lamassu.kms..",
                        "io.lamassu.va..", "io.lamassu.alerts..", "io.lamassu.ca.http..", "io.lamassu.ca.storage..",
                        "io.lamassu.ca.internal..")
                .check(CLASSES);
    }

    @Test
    void dmsUsesOnlyTheRootOfOtherContexts() {
        noClasses().that().resideInAPackage("io.lamassu.dms..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lamassu.devices.http..",
                        "io.lamassu.devices.storage..", "io.lamassu.devices.internal..", "io.lamassu.kms..",
                        "io.lamassu.va..", "io.lamassu.alerts..")
                .check(CLASSES);
    }
}
