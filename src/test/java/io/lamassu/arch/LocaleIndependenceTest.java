package io.lamassu.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Design §4 defect class "locale-dependent case": under {@code -Duser.language=tr}, "admin".toUpperCase()
 * is "ADMİN", so every admin request answered 500 and environment overrides were ignored. Production
 * code must name its locale (Locale.ROOT) in every case conversion and formatting call; these rules
 * make the locale-less overloads a build failure. .ci/run also runs the suite under a Turkish locale.
 */
class LocaleIndependenceTest {
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.lamassu");
    }

    @Test
    void noLocaleLessCaseConversion() {
        noClasses().should().callMethod(String.class, "toUpperCase")
                .orShould().callMethod(String.class, "toLowerCase")
                .because("case conversion must say Locale.ROOT (Turkish dotless i)").check(classes);
    }

    @Test
    void noLocaleLessFormatting() {
        noClasses().should().callMethod(String.class, "format", String.class, Object[].class)
                .orShould().callMethod(String.class, "formatted", Object[].class)
                .orShould().callMethod(DateTimeFormatter.class, "ofPattern", String.class)
                .because("formatting must say Locale.ROOT (decimal separators, digits, month names)").check(classes);
    }
}
