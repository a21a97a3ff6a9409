package io.moi.changes.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ContainerStandIns.Suspension;
import io.moi.changes.entity.Notification;
import io.moi.changes.entity.RelayConnected;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Long polls parked on a node: when they look again, and when they are forgotten. */
class ChangeWaitsTest {

  private final ChangeWaits waits = new ChangeWaits();

  /** A wait that records each look and answers at the look numbered {@code answerAt} (0 never). */
  private static final class Watcher {
    final Suspension suspension = new Suspension();
    final List<Boolean> looks = new ArrayList<>();
    final int answerAt;

    Watcher(int answerAt) {
      this.answerAt = answerAt;
    }

    ChangeWaits.Look look() {
      return timedOut -> {
        looks.add(timedOut);
        if (timedOut || looks.size() == answerAt) {
          suspension.response().resume("answer");
        }
      };
    }
  }

  private Watcher park(String id, int answerAt) {
    var watcher = new Watcher(answerAt);
    waits.await(id, 7, watcher.suspension.response(), watcher.look());
    return watcher;
  }

  @Test
  void aWaitLooksOnceAtOnceWithItsTimeLimitSet() {
    Watcher watcher = park("job", 0);

    assertThat(watcher.looks).containsExactly(false);
    assertThat(watcher.suspension.timeoutSeconds()).isEqualTo(7);
  }

  @Test
  void aMessageOnItsNodeMakesItLookAgainAndOneOnAnotherNodeDoesNot() {
    Watcher watcher = park("job", 0);

    waits.onNotification(new Notification("other", "{\"update\":[\"other\"]}"));
    assertThat(watcher.looks).hasSize(1);

    waits.onNotification(new Notification("job", "{\"update\":[\"job\"]}"));
    assertThat(watcher.looks).containsExactly(false, false);
  }

  @Test
  void aReconnectionMakesEveryWaitLookAgain() {
    Watcher first = park("a", 0);
    Watcher second = park("b", 0);

    waits.onReconnect(new RelayConnected(2));

    assertThat(first.looks).hasSize(2);
    assertThat(second.looks).hasSize(2);
  }

  @Test
  void whenTimeIsUpTheLookSaysSo() {
    Watcher watcher = park("job", 0);

    watcher.suspension.timeOut(watcher.suspension.response());

    assertThat(watcher.looks).containsExactly(false, true);
    assertThat(watcher.suspension.resumes()).containsExactly("answer");
  }

  @Test
  void anAnsweredWaitIsForgottenAndLooksNoMore() {
    Watcher answered = park("job", 2);
    Watcher staying = park("job", 0);

    waits.onNotification(new Notification("job", "{\"update\":[\"job\"]}"));
    waits.onNotification(new Notification("job", "{\"update\":[\"job\"]}"));

    assertThat(answered.looks).as("answered at its second look").hasSize(2);
    assertThat(staying.looks).hasSize(3);
  }
}
