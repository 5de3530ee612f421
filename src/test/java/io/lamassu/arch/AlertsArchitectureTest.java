package io.lamassu.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Design §3 for the alerts context: alerts → events only, reached through the bus port (so the
 * RabbitMQ bus plugs in unchanged); libraries stay in the adapters that need them.
 */
class AlertsArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.lamassu");

    @Test
    void alertsDependOnNoOtherContextAndOnlyOnTheEventsPorts() {
        noClasses().that().resideInAPackage("io.lamassu.alerts..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lamassu.ca..", "io.lamassu.kms..",
                        "io.lamassu.va..", "io.lamassu.dms..", "io.lamassu.devices..", "io.lamassu.events.outbox..",
                        "io.lamassu.events.inmemory..", "io.lamassu.events.rabbitmq..")
                .check(CLASSES);
    }

    @Test
    void alertsDomainUsesNoConditionMailOrHttpLibrary() {
        noClasses().that().resideInAPackage("io.lamassu.alerts")
                .should().dependOnClassesThat().resideInAnyPackage("com.jayway..", "com.networknt..", "jakarta.mail..",
                        "org.eclipse.angus..", "java.net.http..", "io.javalin..", "java.sql..", "com.fasterxml.jackson..")
                .check(CLASSES);
    }

    @Test
    void channelsAndConditionsKeepToTheirOwnLibraries() {
        noClasses().that().resideInAPackage("io.lamassu.alerts.channels..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lamassu.storage..", "io.lamassu.alerts.storage..",
                        "io.lamassu.alerts.http..", "java.sql..", "com.jayway..", "com.networknt..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.lamassu.alerts.http..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lamassu.alerts.storage..", "io.lamassu.alerts.channels..",
                        "io.lamassu.storage..", "java.sql..")
                .check(CLASSES);
        noClasses().that().resideOutsideOfPackage("io.lamassu.alerts.channels..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.mail..", "org.eclipse.angus..")
                .check(CLASSES);
    }
}
