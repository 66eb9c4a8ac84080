package org.janseva.platform.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.List;

/**
 * The module boundaries of the platform, as ArchUnit rules: a service never depends on another
 * service's code; services meet only over HTTP and through the shared infrastructure modules.
 */
public final class ModuleBoundaries {

    /** The root package of each deployable service. */
    public static final List<String> SERVICE_PACKAGES = List.of(
            "org.janseva.gateway",
            "org.janseva.catalog",
            "org.janseva.user",
            "org.janseva.payment",
            "org.janseva.simulator");

    private ModuleBoundaries() {}

    /**
     * @param ownPackage the service's root package, e.g. {@code org.janseva.catalog}
     * @return the rule that its classes use no other service's classes
     */
    public static ArchRule serviceIsIndependent(String ownPackage) {
        String[] others = SERVICE_PACKAGES.stream()
                .filter(p -> !p.equals(ownPackage))
                .map(p -> p + "..")
                .toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAPackage(ownPackage + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others)
                .because("services talk over HTTP, never through each other's code");
    }

    /**
     * @param ownPackage the service's root package
     * @return its production classes (tests excluded)
     */
    public static JavaClasses importProductionClasses(String ownPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ownPackage);
    }

    /**
     * @param packages the packages of a module
     * @return the rule that they depend on no other package of ours than those given
     */
    public static ArchRule dependsOnNothingOfOursBut(String... packages) {
        String[] allowed = Arrays.stream(packages).map(p -> p + "..").toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAnyPackage(allowed)
                .should()
                .dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "belong to another module of ours",
                        (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName()
                                        .startsWith("org.janseva")
                                && Arrays.stream(packages)
                                        .noneMatch(p -> c.getPackageName().startsWith(p))));
    }
}
