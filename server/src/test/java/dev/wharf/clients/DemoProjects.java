package dev.wharf.clients;

import static dev.wharf.clients.ClientSandbox.write;

import java.nio.file.Path;

/**
 * Small Python projects the client tests write, build and publish.
 *
 * <p>Their names are single words on purpose. Debian's setuptools 66 and pdm-pep517 1.x still
 * name an sdist after the unnormalized project name ({@code my-pkg-1.0.tar.gz}), which Wharf, like
 * pypi.org, refuses under PEP 625 ({@code my_pkg-1.0.tar.gz} is required);
 * {@link BuildAndInstallTest} checks that refusal separately. None of the names is a standard
 * library module ({@code sys.stdlib_module_names}), so an import proves the installed copy.
 */
final class DemoProjects {
    private DemoProjects() {}

    /** A PEP 621 project built by setuptools' PEP 517 backend, with one module in {@code src/}. */
    static Path setuptoolsProject(Path dir, String name, String version, String greeting) {
        String module = name.replace('-', '_');
        write(dir.resolve("pyproject.toml"), """
                [build-system]
                requires = ["setuptools>=61"]
                build-backend = "setuptools.build_meta"

                [project]
                name = "%s"
                version = "%s"
                description = "A tiny project Wharf's client tests build, upload and install"
                requires-python = ">=3.8"
                """.formatted(name, version));
        write(dir.resolve("src/" + module + "/__init__.py"), "GREETING = \"" + greeting + "\"\n");
        return dir;
    }

    /** A poetry project: metadata in {@code [tool.poetry]}, built by poetry-core. */
    static Path poetryProject(Path dir, String name, String version) {
        write(dir.resolve("pyproject.toml"), """
                [tool.poetry]
                name = "%s"
                version = "%s"
                description = "A poetry project Wharf's client tests publish"
                authors = ["Wharf Tests <tests@example.org>"]

                [tool.poetry.dependencies]
                python = ">=3.8"

                [build-system]
                requires = ["poetry-core>=1.0.0"]
                build-backend = "poetry.core.masonry.api"
                """.formatted(name, version));
        write(dir.resolve(name.replace('-', '_') + "/__init__.py"), "NAME = \"" + name + "\"\n");
        return dir;
    }

    /**
     * A PEP 621 project for pdm. {@code backendRequires} and {@code backend} choose the PEP 517
     * backend: pdm 2.2's own {@code pdm.pep517.api}, or setuptools.
     */
    static Path pdmProject(Path dir, String name, String version, String backendRequires, String backend) {
        write(dir.resolve("pyproject.toml"), """
                [project]
                name = "%s"
                version = "%s"
                description = "A pdm project Wharf's client tests publish"
                authors = [{name = "Wharf Tests", email = "tests@example.org"}]
                requires-python = ">=3.8"
                dependencies = []

                [build-system]
                requires = ["%s"]
                build-backend = "%s"
                """.formatted(name, version, backendRequires, backend));
        write(dir.resolve("src/" + name.replace('-', '_') + "/__init__.py"), "NAME = \"" + name + "\"\n");
        return dir;
    }
}
