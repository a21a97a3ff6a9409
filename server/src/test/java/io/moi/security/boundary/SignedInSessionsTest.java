package io.moi.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ServletExchange.Request;
import io.moi.ServletExchange.Session;
import io.moi.security.control.AccountFile;
import io.moi.security.control.ControlBeans;
import io.moi.security.entity.AccessEnded;
import io.moi.security.entity.Account;
import io.moi.security.entity.Roles;
import jakarta.servlet.http.HttpSessionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Browser sessions from the form login until an account change ends them. */
class SignedInSessionsTest {

  @TempDir Path dir;
  private Path file;
  private final Map<String, Account> accounts = new TreeMap<>();
  private final SignedInSessions sessions = new SignedInSessions();
  private int version;

  @BeforeEach
  void assemble() throws Exception {
    file = dir.resolve("users.properties");
    accounts.put(
        "alice",
        new Account(
            "alice", ControlBeans.quickHash("alice-password-1"), Set.of(Roles.USER, Roles.EXEC)));
    accounts.put(
        "carol",
        new Account("carol", ControlBeans.quickHash("carol-password-1"), Set.of(Roles.USER)));
    store();
    sessions.accounts = ControlBeans.accounts(file);
  }

  /** Writes the accounts as bin/moi-users does, each version with its own modification time. */
  private void store() throws Exception {
    new AccountFile(file).write(accounts);
    Files.setLastModifiedTime(
        file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version++)));
  }

  private Session signIn(String user) {
    var request = new Request("POST", "", "/login");
    sessions.start(request.servlet(), accounts.get(user));
    return request.currentSession();
  }

  @Test
  void aFormLoginGetsAFreshSessionIdAndItsSessionStandsForTheAccount() {
    var earlier = new Session();
    String idBefore = earlier.id();
    var request = new Request("POST", "", "/login").session(earlier);

    sessions.start(request.servlet(), accounts.get("alice"));

    assertThat(request.currentSession().id()).isNotEqualTo(idBefore);
    assertThat(sessions.account(request.currentSession().servlet()))
        .contains(accounts.get("alice"));
  }

  @Test
  void noSessionOrOneWithoutASignInIsNobody() {
    assertThat(sessions.account(null)).isEmpty();
    assertThat(sessions.account(new Session().servlet())).isEmpty();
  }

  @Test
  void theAccountIsReadAfreshSoAChangeOfRolesShowsAtOnce() throws Exception {
    Session session = signIn("alice");
    accounts.put(
        "alice",
        new Account(
            "alice", accounts.get("alice").passwordHash(), Set.of(Roles.USER, Roles.ADMIN)));
    store();

    assertThat(sessions.account(session.servlet()))
        .hasValueSatisfying(
            a -> assertThat(a.roles()).containsExactlyInAnyOrder(Roles.USER, Roles.ADMIN));
  }

  @Test
  void aSessionNoLongerSignsInOnceItsAccountIsRemovedLosesMoiUserOrGetsANewPassword()
      throws Exception {
    Session removed = signIn("alice");
    accounts.remove("alice");
    store();
    assertThat(sessions.account(removed.servlet())).isEmpty();

    accounts.put(
        "alice",
        new Account("alice", ControlBeans.quickHash("alice-password-1"), Set.of(Roles.EXEC)));
    store();
    assertThat(sessions.account(removed.servlet())).as("moi-user taken away").isEmpty();

    Session carols = signIn("carol");
    accounts.put(
        "carol",
        new Account("carol", ControlBeans.quickHash("carol-password-2"), Set.of(Roles.USER)));
    store();
    assertThat(sessions.account(carols.servlet())).as("password changed").isEmpty();
  }

  @Test
  void aSessionInvalidatedMeanwhileIsNobody() {
    Session session = signIn("alice");
    var found = session.servlet(); // as the request found it, before another thread ended it
    session.servlet().invalidate();

    assertThat(sessions.account(found)).isEmpty();
  }

  @Test
  void anEndedAccessInvalidatesEverySessionOfThatUserAndOnlyThose() {
    Session first = signIn("alice");
    Session second = signIn("alice");
    Session carols = signIn("carol");
    first.servlet().invalidate(); // logged out already

    sessions.end(new AccessEnded("alice", AccessEnded.Cause.REMOVED));

    assertThat(second.invalidated()).isTrue();
    assertThat(carols.invalidated()).isFalse();
    sessions.end(new AccessEnded("alice", AccessEnded.Cause.REMOVED)); // nothing left to end
  }

  @Test
  void aSessionThatEndedIsForgottenAndTheUsersOtherSessionsAreNot() {
    Session ended = signIn("alice");
    Session other = signIn("alice");
    var listener = new SessionEnds();
    listener.sessions = sessions;
    listener.sessionDestroyed(new HttpSessionEvent(ended.servlet()));

    sessions.end(new AccessEnded("alice", AccessEnded.Cause.PASSWORD_CHANGED));

    assertThat(ended.invalidated()).as("forgotten, so not touched again").isFalse();
    assertThat(other.invalidated()).isTrue();
  }

  @Test
  void aSessionWithoutASignInIsNoConcernWhenItEnds() {
    Session alices = signIn("alice");
    var anonymous = new Session();
    var listener = new SessionEnds();
    listener.sessions = sessions;

    listener.sessionDestroyed(new HttpSessionEvent(anonymous.servlet()));
    sessions.end(new AccessEnded("alice", AccessEnded.Cause.REMOVED));

    assertThat(alices.invalidated()).isTrue();
  }
}
