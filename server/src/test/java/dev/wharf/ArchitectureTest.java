package dev.wharf;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency direction ("Layout" in {@code docs/dev/README.md}): domain packages never import
 * the HTTP framework, and storage adapters are reached only through their ports. Checked on the
 * compiled main classes. Plain {@link ClassFileImporter} inside JUnit tests, so no ArchUnit test
 * engine is involved.
 */
class ArchitectureTest {
    private static final String[] DOMAIN = {
            "dev.wharf.distributions..", "dev.wharf.projects..", "dev.wharf.accounts..", "dev.wharf.tokens..",
            "dev.wharf.config..", "dev.wharf.storage..", "dev.wharf.errors.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("dev.wharf");
    }

    @Test
    void mainClassesWereImported() {
        assertThat(classes.contain("dev.wharf.Main")).isTrue();
        assertThat(classes.stream().map(JavaClass::getName)).noneMatch(name -> name.endsWith("Test"));
    }

    @Test
    void domainDoesNotDependOnTheHttpFramework() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..")
                .because("domain packages never import the HTTP framework (docs/dev/README.md)")
                .check(classes);
    }

    @Test
    void onlyTheCliDependsOnTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackages("dev.wharf.app..", "dev.wharf.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.wharf.app..")
                .because("app is the composition root: it wires everything and nothing but the CLI calls it")
                .check(classes);
    }

    @Test
    void storageDoesNotDependOnTheLayersAboveIt() {
        noClasses().that().resideInAPackage("dev.wharf.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.wharf.upload..", "dev.wharf.index..", "dev.wharf.projects..")
                .check(classes);
    }

    @Test
    void localBlobStoreIsReachedOnlyThroughTheBlobStorePort() {
        noClasses().that().resideOutsideOfPackage("dev.wharf.app..")
                .and().doNotHaveFullyQualifiedName("dev.wharf.storage.blob.LocalBlobStore")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.wharf.storage.blob.LocalBlobStore")
                .because("storage adapters are reached only through their ports")
                .check(classes);
    }

    @Test
    void everyPackageHasAPackageInfo() {
        Set<String> packages = classes.stream().map(JavaClass::getPackageName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = classes.stream().filter(c -> c.getSimpleName().equals("package-info"))
                .map(JavaClass::getPackageName).collect(Collectors.toSet());
        packages.remove("dev.wharf"); // the root holds only Main
        packages.removeAll(documented);
        assertThat(packages).as("packages without package-info.java").isEmpty();
    }
}
