package io.moi.tree.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.ContainerStandIns;
import io.moi.ContainerStandIns.Suspension;
import io.moi.LocalRedis;
import io.moi.changes.control.ChangeWaits;
import io.moi.changes.entity.Notification;
import io.moi.security.entity.Roles;
import io.moi.tree.control.StoredTrees;
import io.moi.tree.control.UnknownNodeException;
import io.moi.tree.entity.Info;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET and DELETE info/{id}: a node's info object, at once or once its status changes, and detaching
 * it.
 */
class InfoResourceTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private StoredTrees trees;
  private InfoResource resource;
  private final Suspension suspension = new Suspension();
  private final ChangeWaits changes = new ChangeWaits();
  private String root;
  private Info weekly;

  @BeforeEach
  void buildResource() {
    trees = new StoredTrees(REDIS);
    var waits = new StatusWaits();
    waits.nodes = trees.nodes;
    waits.changes = changes;
    resource = new InfoResource();
    resource.access = trees.access;
    resource.nodes = trees.nodes;
    resource.waits = waits;
    resource.security = ContainerStandIns.signedIn("alice", Roles.USER);
    root = trees.user("alice");
    trees.group("reports", root, 1);
    weekly = trees.job("weekly", "reports", 2);
  }

  @AfterEach
  void close() {
    trees.close();
  }

  @Test
  void withoutAfterTheInfoObjectIsAnsweredAtOnce() {
    resource.get("weekly", null, null, null, suspension.response());

    assertThat(suspension.resumes()).hasSize(1);
    assertIsInfoOf(suspension.resumes().get(0), weekly);
  }

  @Test
  void withAfterTheCurrentStatusTheAnswerWaitsAsLongAsAsked() {
    resource.get("weekly", "Queued", null, "5", suspension.response());

    assertThat(suspension.resumes()).isEmpty();
    assertThat(suspension.timeoutSeconds()).isEqualTo(5);
  }

  @Test
  void theWaitIsThirtySecondsUnlessAsked() {
    resource.get("weekly", "Queued", null, null, suspension.response());

    assertThat(suspension.timeoutSeconds()).isEqualTo(30);
  }

  @Test
  void withAfterAnotherStatusTheInfoIsAnsweredAtOnce() {
    resource.get("weekly", "Running", null, "5", suspension.response());

    assertThat(suspension.resumes()).hasSize(1);
    assertIsInfoOf(suspension.resumes().get(0), weekly);
  }

  @Test
  void untilEndedWaitsForAJobThroughItsOtherChangesAndAnswersAnEndedOneAtOnce() {
    resource.get("weekly", null, "ended", "5", suspension.response());
    assertThat(suspension.resumes()).isEmpty();
    assertThat(suspension.timeoutSeconds()).isEqualTo(5);

    Info running = trees.put(weekly.started("2026-12-03 10:00:00"));
    changes.onNotification(new Notification("weekly", "{\"update\": [\"weekly\"]}"));
    trees.put(running.withStatus("half way"));
    changes.onNotification(new Notification("weekly", "{\"update\": [\"weekly\"]}"));
    assertThat(suspension.resumes()).as("not answered before the end").isEmpty();
    Info finished = trees.put(running.ended("Failed", null, "2026-12-03 10:00:02"));
    changes.onNotification(new Notification("weekly", "{\"update\": [\"weekly\"]}"));
    assertThat(suspension.resumes()).hasSize(1);
    assertIsInfoOf(suspension.resumes().get(0), finished);

    // Once ended, it is answered at once.
    var later = new Suspension();
    resource.get("weekly", null, "ended", "5", later.response());
    assertThat(later.resumes()).hasSize(1);
    assertIsInfoOf(later.resumes().get(0), finished);
  }

  @Test
  void untilTakesEndedOnlyAndNeitherWithAfterNorForAGroup() {
    assertThatThrownBy(() -> resource.get("weekly", null, "done", null, suspension.response()))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("query parameter 'until' must be ended, not 'done'");
    assertThatThrownBy(() -> resource.get("weekly", "Queued", "ended", null, suspension.response()))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> resource.get("reports", null, "ended", null, suspension.response()))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("'until=ended' waits for a job to end; reports is a group");
    assertThat(suspension.resumes()).isEmpty();
  }

  @Test
  void aWaitOutsideOneToSixtySecondsIsRefused() {
    assertThatThrownBy(() -> resource.get("weekly", "Queued", null, "0", suspension.response()))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from 1 to 60");
    assertThatThrownBy(() -> resource.get("weekly", "Queued", null, "61", suspension.response()))
        .isExactlyInstanceOf(IllegalArgumentException.class);
    assertThat(suspension.resumes()).isEmpty();
  }

  @Test
  void anUnknownOrAnotherUsersNodeIsNotFound() {
    String bobs = trees.user("bob");

    assertThatThrownBy(() -> resource.get("nothing", null, null, null, suspension.response()))
        .isInstanceOf(UnknownNodeException.class)
        .hasMessage("no node with ID 'nothing'");
    assertThatThrownBy(() -> resource.get(bobs, null, null, null, suspension.response()))
        .isInstanceOf(UnknownNodeException.class);
    assertThatThrownBy(() -> resource.delete(bobs))
        .isInstanceOf(UnknownNodeException.class)
        .hasMessage("no node with ID '" + bobs + "'");
    assertThat(io.moi.tree.control.TestNodes.detached(trees.nodes)).isEmpty();
    assertThat(suspension.resumes()).isEmpty();
  }

  @Test
  void aDetachedNodeLeavesItsGroupButKeepsItsInfo() {
    Response answer = resource.delete("weekly");

    assertThat(answer.getStatus()).isEqualTo(204);
    assertThat(trees.nodes.isMember("reports", "weekly")).isFalse();
    assertThat(trees.nodes.find("weekly")).contains(weekly);
    assertThatThrownBy(() -> resource.get("weekly", null, null, null, suspension.response()))
        .as("no longer on a path from alice's root")
        .isInstanceOf(UnknownNodeException.class);
    assertThat(io.moi.tree.control.TestNodes.detached(trees.nodes))
        .as("told, so that what runs below it is cancelled")
        .containsExactly(new io.moi.tree.entity.NodeDetached(weekly, "alice"));
  }

  @Test
  void aRootGroupCannotBeDetached() {
    assertThatThrownBy(() -> resource.delete(root))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + root + "' is a root group and cannot be detached");
  }

  /** The answer is a 200 carrying the node's info object as JSON. */
  static void assertIsInfoOf(Object answer, Info node) {
    assertThat(answer)
        .isInstanceOfSatisfying(
            Response.class,
            response -> {
              assertThat(response.getStatus()).isEqualTo(200);
              assertThat(response.getMediaType()).isEqualTo(MediaType.APPLICATION_JSON_TYPE);
              assertThat(Info.fromJson((String) response.getEntity())).isEqualTo(node);
            });
  }
}
