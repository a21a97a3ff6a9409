package io.moi.tree.boundary;

import static io.moi.tree.boundary.InfoResourceTest.assertIsInfoOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ContainerStandIns.Suspension;
import io.moi.LocalRedis;
import io.moi.changes.control.ChangeWaits;
import io.moi.changes.entity.Notification;
import io.moi.changes.entity.RelayConnected;
import io.moi.redis.RedisKeys;
import io.moi.tree.control.StoredTrees;
import io.moi.tree.control.UnknownNodeException;
import io.moi.tree.entity.Info;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Long polls on a node's status, completed by the relay's notifications, a reconnect or the time
 * limit.
 */
class StatusWaitsTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private StoredTrees trees;
  private StatusWaits waits;
  private final ChangeWaits changes = new ChangeWaits();
  private Info job;

  @BeforeEach
  void buildWaits() {
    trees = new StoredTrees(REDIS);
    waits = new StatusWaits();
    waits.nodes = trees.nodes;
    waits.changes = changes;
    job = trees.job("job", trees.user("alice"), 1);
  }

  @AfterEach
  void close() {
    trees.close();
  }

  @Test
  void aWaitForAStatusThatHasAlreadyChangedIsAnsweredAtOnce() {
    var waiting = await("job", "Running", 10);

    assertThat(waiting.resumes()).hasSize(1);
    assertIsInfoOf(waiting.resumes().get(0), job);
  }

  @Test
  void aWaitIsAnsweredByTheNotificationThatFollowsAChangeAndOnlyThen() {
    var waiting = await("job", "Queued", 10);
    assertThat(waiting.timeoutSeconds()).isEqualTo(10);

    changes.onNotification(new Notification("job", "{\"update\": [\"job\"]}"));
    assertThat(waiting.resumes()).as("status still Queued").isEmpty();

    Info running =
        trees.put(job.started(io.moi.tree.entity.Dates.format(StoredTrees.DAY.plusMinutes(2))));
    changes.onNotification(new Notification("job", "{\"update\": [\"job\"]}"));

    assertThat(waiting.resumes()).hasSize(1);
    assertIsInfoOf(waiting.resumes().get(0), running);
  }

  @Test
  void aNotificationOfAnotherNodeLeavesTheWaitAlone() {
    var waiting = await("job", "Queued", 10);
    trees.put(job.started(io.moi.tree.entity.Dates.format(StoredTrees.DAY.plusMinutes(2))));

    changes.onNotification(new Notification("other", "{\"update\": [\"other\"]}"));

    assertThat(waiting.resumes()).isEmpty();
  }

  @Test
  void whenTheTimeIsUpTheCurrentInfoIsAnsweredUnchanged() {
    var waiting = await("job", "Queued", 10);

    waiting.timeOut(null);

    assertThat(waiting.resumes()).hasSize(1);
    assertIsInfoOf(waiting.resumes().get(0), job);
  }

  @Test
  void aNodeThatIsGoneWhenTheWaitEndsIsNotFound() {
    var waiting = await("job", "Queued", 10);
    trees.redis.del(RedisKeys.info("job"));

    changes.onNotification(new Notification("job", "{\"remove\": [\"job\"]}"));

    assertThat(waiting.resumes())
        .singleElement()
        .isInstanceOfSatisfying(
            UnknownNodeException.class, e -> assertThat(e).hasMessage("no node with ID 'job'"));
  }

  @Test
  void afterAReconnectEveryWaitWhoseNodeChangedMeanwhileIsAnswered() {
    Info other = trees.job("other", job.parent(), 2);
    var changed = await("job", "Queued", 10);
    var unchanged = await("other", "Queued", 10);
    Info running =
        trees.put(job.started(io.moi.tree.entity.Dates.format(StoredTrees.DAY.plusMinutes(3))));

    changes.onReconnect(new RelayConnected(2));

    assertThat(changed.resumes()).hasSize(1);
    assertIsInfoOf(changed.resumes().get(0), running);
    assertThat(unchanged.resumes()).isEmpty();
  }

  @Test
  void anAnsweredWaitIsForgottenWhileTheOthersOnTheSameNodeStay() {
    var first = await("job", "Queued", 10);
    var answeredAtOnce = await("job", "Running", 10);
    assertThat(answeredAtOnce.resumes()).hasSize(1);

    trees.put(job.started(io.moi.tree.entity.Dates.format(StoredTrees.DAY.plusMinutes(2))));
    changes.onNotification(new Notification("job", "{\"update\": [\"job\"]}"));
    trees.put(
        job.ended(
            "Success", null, io.moi.tree.entity.Dates.format(StoredTrees.DAY.plusMinutes(3))));
    changes.onNotification(new Notification("job", "{\"update\": [\"job\"]}"));

    assertThat(first.resumes()).as("answered once, by the first change").hasSize(1);
    assertThat(answeredAtOnce.resumes()).as("not answered again").hasSize(1);
  }

  private Suspension await(String id, String after, int seconds) {
    var suspension = new Suspension();
    waits.await(
        id, now -> !java.util.Objects.equals(now.status(), after), seconds, suspension.response());
    return suspension;
  }
}
