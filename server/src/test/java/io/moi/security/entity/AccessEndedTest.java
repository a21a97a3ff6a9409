package io.moi.security.entity;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.security.entity.AccessEnded.Cause;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessEndedTest {

  private static Account account(String name, String hash, String... roles) {
    return new Account(name, hash, Set.of(roles));
  }

  @Test
  void removedAccountsLostRolesAndNewPasswordsEndAccessWhileOtherChangesDoNot() {
    Map<String, Account> before =
        Map.of(
            "dave", account("dave", "h1", "moi-user"),
            "erin", account("erin", "h2", "moi-user", "moi-exec"),
            "frank", account("frank", "h3", "moi-user"),
            "gina", account("gina", "h4", "moi-user"),
            "hank", account("hank", "h5", "moi-exec"));
    Map<String, Account> after =
        Map.of(
            "erin", account("erin", "h2", "moi-exec"),
            "frank", account("frank", "new", "moi-user"),
            "gina", account("gina", "h4", "moi-user", "moi-admin"),
            "hank", account("hank", "h5", "moi-exec", "moi-admin"),
            "ivy", account("ivy", "h6", "moi-user"));

    assertThat(AccessEnded.between(before, after))
        .containsExactlyInAnyOrder(
            new AccessEnded("dave", Cause.REMOVED),
            new AccessEnded("erin", Cause.REVOKED),
            new AccessEnded("frank", Cause.PASSWORD_CHANGED));
  }

  @Test
  void closeReasonsFitAWebsocketCloseFrame() {
    for (Cause cause : Cause.values()) {
      assertThat(cause.reason().getBytes(java.nio.charset.StandardCharsets.UTF_8))
          .hasSizeLessThanOrEqualTo(123);
      assertThat(cause.reason()).as("the user is told why").isNotBlank();
    }
  }
}
