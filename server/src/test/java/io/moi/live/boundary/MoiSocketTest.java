package io.moi.live.boundary;

import static io.moi.live.control.RecordingSession.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.moi.LocalRedis;
import io.moi.TestEvent;
import io.moi.live.control.RecordingSession;
import io.moi.live.control.TestLanes;
import io.moi.live.control.TestLive;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import io.moi.redis.TestRedis;
import io.moi.security.control.TestAccounts;
import io.moi.security.entity.Roles;
import io.moi.tree.control.TestTree;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/**
 * The endpoint at {@code /moi-ws/}: who gets a live connection, and what happens to their frames.
 */
class MoiSocketTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  @TempDir Path dir;

  private UnifiedJedis redis;
  private Redis connections;
  private TestTree tree;
  private TestLanes lanes;
  private TestLive live;
  private final MoiSocket socket = new MoiSocket();

  @BeforeEach
  void buildSocket() throws Exception {
    redis = REDIS.client();
    connections = TestRedis.open(REDIS.url());
    tree =
        new TestTree(
            redis, connections, TestEvent.to(updated -> live.fanout.onLocalUpdate(updated)));
    lanes = TestLanes.open(1);
    live = new TestLive(tree);
    socket.hub = TestHub.wired(tree, live, lanes, 100);
    socket.accounts = TestAccounts.of(dir.resolve("users.properties"), "alice", Set.of(Roles.USER));
  }

  @AfterEach
  void stop() throws InterruptedException {
    lanes.close();
    TestRedis.close(connections);
  }

  private String rootFrame(String user) {
    return io.moi.live.entity.Frames.of(
        "get", tree.nodes.find(tree.users.rootGroup(user)).orElseThrow());
  }

  @Test
  void aConnectionWithoutALoggedInUserIsClosedAsAPolicyViolation() throws Exception {
    var anonymous = new RecordingSession(null);

    socket.open(anonymous.session);

    assertThat(anonymous.closes())
        .singleElement()
        .satisfies(
            reason -> {
              assertThat(reason.getCloseCode()).isEqualTo(CloseCodes.VIOLATED_POLICY);
              assertThat(reason.getReasonPhrase()).isEqualTo("log in first");
            });
    socket.message(anonymous.session, "{\"get\":null}");
    assertThat(anonymous.maxIdleTimeout).isEqualTo(-1);
  }

  @Test
  void aUsersConnectionNeverTimesOutAndGetsTheTreeItAsksFor() throws Exception {
    var alice = new RecordingSession("alice");

    socket.open(alice.session);
    socket.message(alice.session, "{\"get\":null}");

    assertThat(alice.maxIdleTimeout).isZero();
    await(() -> alice.frames().size() == 1, "the root sent");
    assertThat(alice.frames()).containsExactly(rootFrame("alice"));
    assertThat(alice.closes()).isEmpty();
  }

  @Test
  void aConnectionOfAUserWhoseAccessEndedSinceTheHandshakeIsClosed() throws Exception {
    var bob = new RecordingSession("bob");

    socket.open(bob.session);

    await(() -> !bob.closes().isEmpty(), "the connection closed");
    assertThat(bob.closes())
        .singleElement()
        .satisfies(
            reason -> {
              assertThat(reason.getCloseCode()).isEqualTo(CloseCodes.VIOLATED_POLICY);
              assertThat(reason.getReasonPhrase()).isEqualTo("access revoked");
            });
  }

  @Test
  void aConnectionWhoseTreeCannotBeReadIsAskedToTryAgainLater() throws Exception {
    String root = tree.users.rootGroup("alice");
    redis.set(RedisKeys.children(root), "not a set");
    var alice = new RecordingSession("alice");

    socket.open(alice.session);

    assertThat(alice.closes())
        .extracting(CloseReason::getCloseCode)
        .containsExactly(CloseCodes.TRY_AGAIN_LATER);
  }

  @Test
  void aFrameThatFailsIsLoggedAndTheConnectionKept() throws Exception {
    String root = tree.users.rootGroup("alice");
    tree.nodes.create(
        Info.newJob("j", "j", root, "default", null, Dates.now()), tree.nodes.lineageBelow(root));
    var alice = new RecordingSession("alice");
    socket.open(alice.session);
    redis.del(RedisKeys.info("j"));
    redis.sadd(RedisKeys.info("j"), "not an info object");

    assertThatCode(() -> socket.message(alice.session, "{\"remove\":[\"j\"]}"))
        .doesNotThrowAnyException();
    socket.failed(alice.session, new IllegalStateException("for the log"));

    assertThat(alice.closes()).isEmpty();
  }

  @Test
  void aClosedConnectionIsForgotten() throws Exception {
    var gone = new RecordingSession("alice");
    var staying = new RecordingSession("alice");
    socket.open(gone.session);
    socket.open(staying.session);

    socket.closed(gone.session, new CloseReason(CloseCodes.GOING_AWAY, "tab closed"));
    socket.message(gone.session, "{\"get\":null}");
    socket.message(staying.session, "{\"get\":null}");

    // One lane: what was queued for the closed connection would have been written first.
    await(() -> staying.frames().size() == 1, "the other connection served");
    assertThat(gone.frames()).isEmpty();
  }
}
