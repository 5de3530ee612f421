package io.lamassu;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of design §3, enforced. Written against the package naming scheme rather than
 * today's packages, so that contexts added later are covered without editing this file; the
 * global {@code failOnEmptyShould} stays on (archunit.properties).
 */
class ArchitectureTest {
    /**
     * Business contexts and the contexts each may use (design §3). Design omits kms → events and
     * va → events, but issue 2 requires every mutation (KMS ones included) to publish its CloudEvent,
     * and the VA publishes upstream's va.role.* events (issue 9, ADR 0610).
     */
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "ca", Set.of("kms", "events"),
            "kms", Set.of("events"),
            "va", Set.of("ca", "events"),
            "devices", Set.of("ca", "events"),
            "dms", Set.of("ca", "devices", "events"),
            "alerts", Set.of("events"),
            "events", Set.of());
    /** Sub-packages that are private to their context (adapters and helpers). */
    static final Set<String> PRIVATE = Set.of("http", "storage", "internal", "est", "channels", "outbox", "inmemory",
            "rabbitmq");
    static final Set<String> DOMAIN = Set.of("ca", "kms", "dms", "devices", "alerts", "va");
    static final Pattern LAMASSU = Pattern.compile("io\\.lamassu\\.([a-z0-9]+)(?:\\.([a-z0-9]+))?.*");
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.lamassu");
    }

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching("io.lamassu.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void contextsUseEachOtherOnlyThroughTheirRootPackage() {
        noClasses().that().resideOutsideOfPackage("io.lamassu")
                .should(dependOnAnotherContextsPrivatePackage()).check(classes);
    }

    @Test
    void contextsDependOnlyAlongTheAllowedArrows() {
        noClasses().that(inAContext()).should(dependOnAForbiddenContext()).check(classes);
    }

    @Test
    void domainCodeImportsNoFrameworkNoSqlNoJsonNoBroker() {
        noClasses().that().resideInAnyPackage(DOMAIN.stream().map(c -> "io.lamassu." + c).toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "java.sql..", "javax.sql..",
                        "com.fasterxml.jackson..", "com.rabbitmq..", "org.eclipse.jetty..")
                .check(classes);
    }

    @Test
    void sharedPlumbingDependsOnNoBusinessContext() {
        noClasses().that().resideInAnyPackage("io.lamassu.common..", "io.lamassu.config..", "io.lamassu.crypto..",
                        "io.lamassu.storage..", "io.lamassu.http..", "io.lamassu.audit..")
                .should().dependOnClassesThat(inABusinessContextOtherThanEvents()).check(classes);
    }

    @Test
    void onlyTheCompositionRootBuildsStorageAdapters() {
        noClasses().that().resideOutsideOfPackage("io.lamassu").and().resideOutsideOfPackage("..storage..")
                .should().callConstructorWhere(new DescribedPredicate<JavaConstructorCall>(
                        "the constructed class is a storage adapter (Jdbc* or a *Repository implementation)") {
                    @Override
                    public boolean test(JavaConstructorCall call) {
                        return isStorageAdapter(call.getTargetOwner());
                    }
                }).check(classes);
    }

    static boolean isStorageAdapter(JavaClass c) {
        boolean inContextStorage = c.getPackageName().matches("io\\.lamassu\\.[a-z0-9]+\\.storage(\\..*)?");
        boolean adapter = c.getSimpleName().startsWith("Jdbc") || c.getAllRawInterfaces().stream()
                .anyMatch(i -> i.getSimpleName().endsWith("Repository"));
        return inContextStorage && adapter;
    }

    static Optional<String[]> place(JavaClass c) {
        Matcher m = LAMASSU.matcher(c.getPackageName());
        return m.matches() ? Optional.of(new String[] {m.group(1), m.group(2)}) : Optional.empty();
    }

    static DescribedPredicate<JavaClass> inAContext() {
        return DescribedPredicate.describe("reside in a business context " + ALLOWED.keySet(),
                c -> place(c).map(p -> ALLOWED.containsKey(p[0])).orElse(false));
    }

    static DescribedPredicate<JavaClass> inABusinessContextOtherThanEvents() {
        return DescribedPredicate.describe("reside in a business context other than events",
                c -> place(c).map(p -> ALLOWED.containsKey(p[0]) && !p[0].equals("events")).orElse(false));
    }

    static ArchCondition<JavaClass> dependOnAnotherContextsPrivatePackage() {
        return violationPerDependency("depend on another context's " + PRIVATE + " package", (from, to) -> {
            String[] target = place(to).orElse(null);
            String[] origin = place(from).orElse(new String[] {"", null});
            return target != null && target[1] != null && PRIVATE.contains(target[1]) && !target[0].equals(origin[0])
                    && ALLOWED.containsKey(target[0]);
        });
    }

    static ArchCondition<JavaClass> dependOnAForbiddenContext() {
        return violationPerDependency("depend on a context outside the allowed arrows " + ALLOWED, (from, to) -> {
            String ctx = place(from).map(p -> p[0]).orElse("");
            String target = place(to).map(p -> p[0]).orElse("");
            return ALLOWED.containsKey(target) && !target.equals(ctx) && !ALLOWED.get(ctx).contains(target);
        });
    }

    interface Forbidden {
        boolean test(JavaClass from, JavaClass to);
    }

    static ArchCondition<JavaClass> violationPerDependency(String description, Forbidden forbidden) {
        return new ArchCondition<>(description) {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    if (forbidden.test(d.getOriginClass(), d.getTargetClass())) {
                        events.add(SimpleConditionEvent.satisfied(d, d.getDescription()));
                    }
                }
            }
        };
    }
}
