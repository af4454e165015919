package dev.wharf;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
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
        "dev.wharf.config..", "dev.wharf.storage..", "dev.wharf.errors..", "dev.wharf.publishing.providers..",
        "dev.wharf.text.."
    };

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
        noClasses()
                .that()
                .resideInAnyPackage(DOMAIN)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..")
                .because("domain packages never import the HTTP framework (docs/dev/README.md)")
                .check(classes);
    }

    @Test
    void publisherProvidersKnowNoDatabase() {
        noClasses()
                .that()
                .resideInAPackage("dev.wharf.publishing.providers..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.jdbi..", "dev.wharf.storage..")
                .because(
                        "an Identity and its Claims check are plain rules; storing publishers is PublisherRepository's")
                .check(classes);
    }

    @Test
    void theCiClientStaysOutsideTheServer() {
        noClasses()
                .that()
                .resideInAPackage("dev.wharf.client..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.javalin..",
                        "org.eclipse.jetty..",
                        "jakarta.servlet..",
                        "org.jdbi..",
                        "dev.wharf.storage..",
                        "dev.wharf.app..",
                        "dev.wharf.upload..",
                        "dev.wharf.publishing..")
                .because("the upload client talks to an index over HTTP as any client would")
                .check(classes);
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.wharf.client..", "dev.wharf.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.wharf.client..")
                .because("only the wharf publish command uses the client")
                .check(classes);
    }

    @Test
    void onlyTheCliDependsOnTheCompositionRoot() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.wharf.app..", "dev.wharf.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.wharf.app..")
                .because("app is the composition root: it wires everything and nothing but the CLI calls it")
                .check(classes);
    }

    @Test
    void storageDoesNotDependOnTheLayersAboveIt() {
        noClasses()
                .that()
                .resideInAPackage("dev.wharf.storage..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.wharf.upload..", "dev.wharf.index..", "dev.wharf.projects..")
                .check(classes);
    }

    @Test
    void localBlobStoreIsReachedOnlyThroughTheBlobStorePort() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.wharf.app..")
                .and()
                .doNotHaveFullyQualifiedName("dev.wharf.storage.blob.LocalBlobStore")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.wharf.storage.blob.LocalBlobStore")
                .because("storage adapters are reached only through their ports")
                .check(classes);
    }

    /** The methods of a JDBI {@link Handle} that run SQL; transaction hooks such as afterCommit are not among them. */
    private static final Set<String> SQL_METHODS = Set.of(
            "createQuery",
            "createUpdate",
            "createBatch",
            "prepareBatch",
            "createCall",
            "createScript",
            "select",
            "execute",
            "queryMetadata");

    private static final DescribedPredicate<JavaMethodCall> SQL_ON_A_HANDLE =
            new DescribedPredicate<>("run SQL on a JDBI Handle") {
                @Override
                public boolean test(JavaMethodCall call) {
                    return call.getTargetOwner().isAssignableTo(Handle.class) && SQL_METHODS.contains(call.getName());
                }
            };

    @Test
    void onlyRepositoriesAndStorageRunSql() {
        // The predicate sees the SQL a repository runs, so the rule below cannot pass vacuously.
        assertThat(classes.get("dev.wharf.accounts.UserRepository").getMethodCallsFromSelf())
                .anyMatch(SQL_ON_A_HANDLE);
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.wharf.storage..")
                .and()
                .haveSimpleNameNotEndingWith("Repository")
                .should()
                .callMethodWhere(SQL_ON_A_HANDLE)
                .because("SQL text lives only in repository classes (one door per table) and the storage package")
                .check(classes);
    }

    @Test
    void everyPackageHasAPackageInfo() {
        Set<String> packages =
                classes.stream().map(JavaClass::getPackageName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = classes.stream()
                .filter(c -> c.getSimpleName().equals("package-info"))
                .map(JavaClass::getPackageName)
                .collect(Collectors.toSet());
        packages.remove("dev.wharf"); // the root holds only Main
        packages.removeAll(documented);
        assertThat(packages).as("packages without package-info.java").isEmpty();
    }
}
