package io.moi.tree.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.ContainerStandIns;
import io.moi.LocalRedis;
import io.moi.api.JsonBodies;
import io.moi.security.entity.Roles;
import io.moi.tree.control.StoredTrees;
import io.moi.tree.control.UnknownNodeException;
import io.moi.tree.entity.Info;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ForbiddenException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET users and users/{key}/jobs: who is known, and every node under a user or group. */
class UsersResourceTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private StoredTrees trees;
  private UsersResource resource;
  private String alice;
  private String bob;

  @BeforeEach
  void buildTrees() {
    trees = new StoredTrees(REDIS);
    resource = new UsersResource();
    resource.access = trees.access;
    resource.users = trees.users;
    resource.walker = trees.walker;
    signIn("alice", Roles.USER);
    // alice: root > (reports > weekly, daily); bob: root > bobs-group > bobs-job
    alice = trees.user("alice");
    bob = trees.user("bob");
    trees.group("reports", alice, 1);
    trees.job("daily", alice, 2);
    trees.put(
        Info.newJob(
                "weekly",
                "weekly",
                "reports",
                "default",
                null,
                io.moi.tree.entity.Dates.format(StoredTrees.DAY.plusMinutes(3)))
            .withStatus("Running"));
    trees.group("bobs-group", bob, 4);
    trees.job("bobs-job", "bobs-group", 5);
  }

  @AfterEach
  void close() {
    trees.close();
  }

  private void signIn(String name, String... roles) {
    resource.security = ContainerStandIns.signedIn(name, roles);
  }

  @Test
  void onlyAnAdminMayListTheUsers() {
    assertThatThrownBy(resource::list)
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("listing users needs the role moi-admin");
  }

  @Test
  void anAdminGetsEveryUserWithTheirRootGroupSortedByName() {
    signIn("root-admin", Roles.USER, Roles.ADMIN);

    assertThat(parse(resource.list()))
        .containsExactly(
            JsonBodies.json()
                .createObjectBuilder()
                .add("username", "alice")
                .add("group", alice)
                .build(),
            JsonBodies.json()
                .createObjectBuilder()
                .add("username", "bob")
                .add("group", bob)
                .build());
  }

  @Test
  void aUserGetsEveryNodeOfTheirTreeOldestFirstAsInfoObjects() {
    JsonArray answer = parse(resource.jobs("alice", null));

    assertThat(ids(answer)).containsExactly("reports", "daily", "weekly");
    assertThat(answer.get(2)).isEqualTo(trees.nodes.find("weekly").orElseThrow().toJsonObject());
  }

  @Test
  void theListIsWrittenWhileItIsSentNotHeldWhole() {
    trees.keepOnly(1);
    var answer = resource.jobs("alice", null);
    // Changed after the walk, before the answer is written: the node is read as it is sent.
    trees.put(trees.nodes.find("weekly").orElseThrow().withStatus("Success"));

    JsonArray sent = parse(answer);

    assertThat(answer.getEntity()).isInstanceOf(jakarta.ws.rs.core.StreamingOutput.class);
    assertThat(ids(sent)).containsExactly("reports", "daily", "weekly");
    assertThat(sent.getJsonObject(2).getString("status")).isEqualTo("Success");
  }

  @Test
  void theSummaryHasOnlyDateIdAndStatus() {
    JsonArray answer = parse(resource.jobs("alice", "true"));

    assertThat(answer.get(0))
        .isEqualTo(
            JsonBodies.json()
                .createObjectBuilder()
                .add("date_created", "2026-03-01 12:01:00.000000")
                .add("id", "reports")
                .add("status", JsonValue.NULL)
                .build());
    assertThat(answer.get(2))
        .isEqualTo(
            JsonBodies.json()
                .createObjectBuilder()
                .add("date_created", "2026-03-01 12:03:00.000000")
                .add("id", "weekly")
                .add("status", "Running")
                .build());
    assertThat(parse(resource.jobs("alice", "false")))
        .isEqualTo(parse(resource.jobs("alice", null)));
  }

  @Test
  void aSummaryThatIsNeitherTrueNorFalseIsRefused() {
    assertThatThrownBy(() -> resource.jobs("alice", "yes"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'summary'");
  }

  @Test
  void aGroupOfTheUsersTreeCanBeTheKey() {
    assertThat(ids(parse(resource.jobs("reports", null)))).containsExactly("weekly");
  }

  @Test
  void aJobIsNoKey() {
    assertThatThrownBy(() -> resource.jobs("weekly", null))
        .isInstanceOf(UnknownNodeException.class)
        .hasMessage("Unknown key: weekly");
  }

  @Test
  void aUserCannotReadAnotherUsersNodesByNameOrGroup() {
    assertThatThrownBy(() -> resource.jobs("bob", null)).isInstanceOf(UnknownNodeException.class);
    assertThatThrownBy(() -> resource.jobs("bobs-group", null))
        .isInstanceOf(UnknownNodeException.class);
    assertThatThrownBy(() -> resource.jobs(bob, null)).isInstanceOf(UnknownNodeException.class);
  }

  @Test
  void anAdminReadsAnyUsersNodesByNameOrGroup() {
    signIn("root-admin", Roles.USER, Roles.ADMIN);

    assertThat(ids(parse(resource.jobs("bob", null)))).containsExactly("bobs-group", "bobs-job");
    assertThat(ids(parse(resource.jobs("reports", null)))).containsExactly("weekly");
    assertThatThrownBy(() -> resource.jobs("carol", null)).isInstanceOf(UnknownNodeException.class);
  }

  @Test
  void anAdminsOwnNameIsTheirOwnTree() {
    signIn("root-admin", Roles.USER, Roles.ADMIN);
    String own = trees.user("root-admin");
    trees.job("admins-job", own, 6);

    assertThat(ids(parse(resource.jobs("root-admin", null)))).containsExactly("admins-job");
  }

  private static JsonArray parse(jakarta.ws.rs.core.Response answer) {
    return parse(Answers.text(answer));
  }

  private static JsonArray parse(String json) {
    try (var reader = JsonBodies.json().createReader(new StringReader(json))) {
      return reader.readArray();
    }
  }

  private static List<String> ids(JsonArray answer) {
    return answer.stream().map(JsonValue::asJsonObject).map(node -> node.getString("id")).toList();
  }
}
