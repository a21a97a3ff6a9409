package io.moi.tree.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.ContainerStandIns;
import io.moi.LocalRedis;
import io.moi.redis.RedisKeys;
import io.moi.security.entity.Roles;
import io.moi.tree.control.StoredTrees;
import io.moi.tree.control.UnknownNodeException;
import io.moi.tree.entity.Info;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.NotAuthorizedException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET tree/{path}: a node found by its hierarchy path, with what is below it. */
class TreeResourceTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private StoredTrees trees;
  private TreeResource resource;
  private String root;
  private Info reports;

  @BeforeEach
  void buildTree() {
    trees = new StoredTrees(REDIS);
    resource = new TreeResource();
    resource.access = trees.access;
    resource.nodes = trees.nodes;
    resource.walker = trees.walker;
    resource.security = ContainerStandIns.signedIn("alice", Roles.USER);
    // alice's root > (reports > weekly, daily); created in the order reports, daily, weekly
    root = trees.user("alice");
    reports = trees.group("reports", root, 1);
    trees.job("daily", root, 2);
    trees.job("weekly", "reports", 3);
  }

  @AfterEach
  void close() {
    trees.close();
  }

  @Test
  void theRootComesWithItsDirectChildrenOldestFirst() {
    JsonObject answer = get(root, null);

    assertThat(answer.getJsonObject("node").getString("id")).isEqualTo(root);
    assertThat(ids(answer)).containsExactly("reports", "daily");
    assertThat(get(root, "1")).isEqualTo(answer);
  }

  @Test
  void depthAllGivesEveryDescendantOldestFirst() {
    assertThat(ids(get(root, "all"))).containsExactly("reports", "daily", "weekly");
  }

  @Test
  void depthAllIsWrittenWhileItIsSentNotHeldWhole() {
    trees.keepOnly(1);
    var answer = resource.get(root, "all");
    // Changed after the walk, before the answer is written: the node is read as it is sent.
    trees.put(trees.nodes.find("weekly").orElseThrow().withStatus("Success"));

    JsonObject sent = parse(Answers.text(answer));

    assertThat(answer.getEntity()).isInstanceOf(jakarta.ws.rs.core.StreamingOutput.class);
    assertThat(ids(sent)).containsExactly("reports", "daily", "weekly");
    assertThat(sent.getJsonArray("children").getJsonObject(2).getString("status"))
        .isEqualTo("Success");
  }

  @Test
  void aPathFollowsTheSetsFromTheRootDownAndAnswersTheInfoObjects() {
    JsonObject answer = get(root + ":reports", null);

    assertThat(answer.getJsonObject("node")).isEqualTo(reports.toJsonObject());
    assertThat(answer.getJsonArray("children"))
        .containsExactly(trees.nodes.find("weekly").orElseThrow().toJsonObject());
  }

  @Test
  void aJobHasNoChildren() {
    JsonObject answer = get(root + ":reports:weekly", "all");

    assertThat(answer.getJsonObject("node").getString("id")).isEqualTo("weekly");
    assertThat(answer.getJsonArray("children")).isEmpty();
  }

  @Test
  void aDepthOtherThanOneOrAllIsRefusedNamingIt() {
    assertThatThrownBy(() -> resource.get(root, "2"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("query parameter 'depth' must be 1 or all, not '2'");
  }

  @Test
  void aPathWithAnEmptyStepIsRefused() {
    for (String path : List.of(root + "::reports", root + ":", ":" + root, "")) {
      assertThatThrownBy(() -> resource.get(path, null))
          .as(path)
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessage("path '" + path + "' has an empty step; write root:id1:id2");
    }
  }

  @Test
  void aStepThatIsNotAMemberOfThePreviousNodesSetIsNotFound() {
    // weekly exists and is alice's, but not in her root's own set.
    assertThatThrownBy(() -> resource.get(root + ":weekly", null))
        .isInstanceOf(UnknownNodeException.class)
        .hasMessage("no node at path '" + root + ":weekly'");
  }

  @Test
  void aMemberWhoseInfoIsGoneIsNotFound() {
    trees.redis.sadd(RedisKeys.children("reports"), "expired");

    assertThatThrownBy(() -> resource.get(root + ":reports:expired", null))
        .isInstanceOf(UnknownNodeException.class)
        .hasMessage("no node at path '" + root + ":reports:expired'");
  }

  @Test
  void anotherUsersTreeIsNotFound() {
    String bobs = trees.user("bob");
    trees.job("bobs-job", bobs, 1);

    assertThatThrownBy(() -> resource.get(bobs, null)).isInstanceOf(UnknownNodeException.class);
    assertThatThrownBy(() -> resource.get(bobs + ":bobs-job", null))
        .isInstanceOf(UnknownNodeException.class);
  }

  @Test
  void nobodySignedInIsAskedToLogIn() {
    resource.security = ContainerStandIns.anonymous();

    assertThatThrownBy(() -> resource.get(root, null)).isInstanceOf(NotAuthorizedException.class);
  }

  private JsonObject get(String path, String depth) {
    return parse(Answers.text(resource.get(path, depth)));
  }

  private static JsonObject parse(String json) {
    try (var reader = io.moi.api.JsonBodies.json().createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  private static List<String> ids(JsonObject answer) {
    return answer.getJsonArray("children").stream()
        .map(JsonValue::asJsonObject)
        .map(child -> child.getString("id"))
        .toList();
  }
}
