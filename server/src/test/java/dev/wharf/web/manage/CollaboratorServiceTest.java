package dev.wharf.web.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.accounts.UserRepository;
import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import dev.wharf.projects.Collaborator;
import dev.wharf.projects.CollaboratorException;
import dev.wharf.projects.CollaboratorService;
import dev.wharf.projects.Project;
import dev.wharf.projects.Role;
import dev.wharf.storage.db.Dialect;
import dev.wharf.testing.TestWharf;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollaboratorServiceTest {
    @TempDir
    Path scratch;

    private TestWharf wharf;
    private ManageFixture fixture;
    private CollaboratorService service;
    private Project project;

    @BeforeEach
    void start() throws Exception {
        wharf = TestWharf.start(Dialect.SQLITE, scratch);
        fixture = new ManageFixture(wharf);
        var w = wharf.wharf();
        service = new CollaboratorService(
                w.database(), w.projectRepository(), new UserRepository(), w.events(), w.clock());
        project = w.database()
                .read(h -> w.projectRepository().findProject(h, "sample").orElseThrow());
    }

    @AfterEach
    void stop() {
        wharf.close();
    }

    @Test
    void listsOwnersFirst() {
        assertThat(service.list(project.id()))
                .extracting(Collaborator::username)
                .containsExactly("alice", "bob");
    }

    @Test
    void theCommandLineGrantAddsOrChangesARoleButNeverDemotesTheLastOwner() {
        long alice = fixture.userId("alice");
        long carol = fixture.userId("carol");
        // Before, the command line replaced a role without this check and could leave a project ownerless.
        assertThatThrownBy(() -> service.grant("Sample", alice, Role.MAINTAINER))
                .hasMessage(CollaboratorException.lastOwner().getMessage());
        service.grant("sample", carol, Role.MAINTAINER);
        service.grant("sample", fixture.userId("bob"), Role.OWNER);
        assertThat(service.list(project.id()))
                .extracting(Collaborator::username, Collaborator::role)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alice", Role.OWNER),
                        org.assertj.core.groups.Tuple.tuple("bob", Role.OWNER),
                        org.assertj.core.groups.Tuple.tuple("carol", Role.MAINTAINER));
        service.grant("sample", alice, Role.MAINTAINER);
        assertThat(service.list(project.id())).extracting(Collaborator::role).containsOnlyOnce(Role.OWNER);
        assertThatThrownBy(() -> service.grant("no-such-project", carol, Role.OWNER))
                .extracting(e -> ((WharfException) e).refusal())
                .isEqualTo(Refusal.NOT_FOUND);
    }

    @Test
    void aUserWithARoleIsNotAddedTwice() {
        assertThatThrownBy(() -> service.add(project, "bob", Role.OWNER, fixture.userId("alice")))
                .isInstanceOf(CollaboratorException.class)
                .extracting(e -> ((WharfException) e).refusal())
                .isEqualTo(Refusal.CONFLICT);
    }

    @Test
    void theLastOwnerCanNeitherLeaveNorBeDemotedButOneOfTwoCan() {
        long alice = fixture.userId("alice");
        assertThatThrownBy(() -> service.remove(project, alice, alice))
                .hasMessage(CollaboratorException.lastOwner().getMessage());
        assertThatThrownBy(() -> service.change(project, alice, Role.MAINTAINER, alice))
                .isInstanceOf(CollaboratorException.class);
        service.change(project, fixture.userId("bob"), Role.OWNER, alice);
        service.remove(project, alice, alice);
        assertThat(service.list(project.id()))
                .extracting(Collaborator::username)
                .containsExactly("bob");
    }

    @Test
    void aStrangerHasNoRoleToChange() {
        assertThatThrownBy(() -> service.remove(project, fixture.userId("carol"), fixture.userId("alice")))
                .isInstanceOf(CollaboratorException.class)
                .hasMessage("That user has no role on sample.");
    }
}
