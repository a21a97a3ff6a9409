package io.moi.tree.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.ContainerStandIns;
import io.moi.LocalRedis;
import io.moi.security.entity.Roles;
import io.moi.tree.control.StoredTrees;
import io.moi.tree.control.UnknownNodeException;
import io.moi.tree.entity.Info;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST groups: a group created in the caller's own tree, and every bad request refused. */
class GroupsResourceTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private StoredTrees trees;
  private GroupsResource resource;
  private String root;

  @BeforeEach
  void buildResource() {
    trees = new StoredTrees(REDIS);
    resource = new GroupsResource();
    resource.access = trees.access;
    resource.groups = trees.groups;
    resource.security = ContainerStandIns.signedIn("alice", Roles.USER);
    resource.uri = ContainerStandIns.baseUri("http://moi.example/api/");
    root = trees.user("alice");
    trees.group("reports", root, 1);
    trees.job("weekly", "reports", 2);
  }

  @AfterEach
  void close() {
    trees.close();
  }

  @Test
  void aGroupWithoutParentIsCreatedInTheCallersRootAndAnsweredWhereToFindIt() {
    Response answer = create("{\"name\": \"nightly import\"}");

    Info created = Info.fromJson((String) answer.getEntity());
    assertThat(answer.getStatus()).isEqualTo(201);
    assertThat(answer.getLocation())
        .isEqualTo(URI.create("http://moi.example/api/info/" + created.id()));
    assertThat(created.isGroup()).isTrue();
    assertThat(created.nameText()).isEqualTo("nightly import");
    assertThat(created.parent()).isEqualTo(root);
    assertThat(trees.nodes.isMember(root, created.id())).isTrue();
    assertThat(trees.nodes.find(created.id())).contains(created);
  }

  @Test
  void aGroupIsCreatedUnderAnotherOfTheCallersGroups() {
    Info created =
        Info.fromJson(
            (String) create("{\"name\": \"inner\", \"parent\": \"reports\"}").getEntity());

    assertThat(created.parent()).isEqualTo("reports");
    assertThat(trees.nodes.isMember("reports", created.id())).isTrue();
  }

  @Test
  void nullFieldsAreAsIfAbsent() {
    Info created = Info.fromJson((String) create("{\"name\": null, \"parent\": null}").getEntity());

    assertThat(created.name()).isNull();
    assertThat(created.parent()).isEqualTo(root);
  }

  @Test
  void aParentThatIsAnotherUsersGroupOrAJobIsNotFound() {
    String bobs = trees.user("bob");

    assertThatThrownBy(() -> create("{\"name\": \"g\", \"parent\": \"" + bobs + "\"}"))
        .isInstanceOf(UnknownNodeException.class)
        .hasMessage("no group with ID '" + bobs + "'");
    assertThatThrownBy(() -> create("{\"name\": \"g\", \"parent\": \"weekly\"}"))
        .isInstanceOf(UnknownNodeException.class)
        .hasMessage("no group with ID 'weekly'");
    assertThat(trees.nodes.children(bobs)).isEmpty();
    assertThat(trees.nodes.children("weekly")).isEmpty();
  }

  @Test
  void anUnknownFieldIsRefusedNamingIt() {
    assertThatThrownBy(() -> create("{\"name\": \"g\", \"cmd\": \"true\"}"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown field 'cmd'; fields are name, parent");
    assertThat(trees.nodes.children(root)).extracting(Info::id).containsExactly("reports");
  }

  @Test
  void fieldsThatAreNotStringsAreRefused() {
    assertThatThrownBy(() -> create("{\"name\": 7}"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("field 'name' must be a string of at most 1024 characters");
    assertThatThrownBy(() -> create("{\"parent\": [\"reports\"]}"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("field 'parent' must be a string of at most 1024 characters");
  }

  @Test
  void aNameMayHave1024CharactersAndNoMore() {
    String longest = "n".repeat(1024);

    assertThat(
            Info.fromJson((String) create("{\"name\": \"" + longest + "\"}").getEntity())
                .nameText())
        .isEqualTo(longest);
    assertThatThrownBy(() -> create("{\"name\": \"" + longest + "n\"}"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 1024");
  }

  @Test
  void nobodySignedInIsAskedToLogIn() {
    resource.security = ContainerStandIns.anonymous();

    assertThatThrownBy(() -> create("{\"name\": \"g\"}"))
        .isInstanceOf(NotAuthorizedException.class);
  }

  private Response create(String json) {
    return resource.create(ContainerStandIns.body(json));
  }
}
