package io.moi.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.security.entity.Roles;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The caller of a REST request, from what the container authenticated. */
class CallersTest {

  /**
   * The container's answer for a request signed in as {@code name} (null: nobody) with {@code
   * roles}.
   */
  private static SecurityContext signedIn(String name, Set<String> roles) {
    return new SecurityContext() {
      @Override
      public Principal getUserPrincipal() {
        return name == null ? null : () -> name;
      }

      @Override
      public boolean isUserInRole(String role) {
        return roles.contains(role);
      }

      @Override
      public boolean isSecure() {
        return false;
      }

      @Override
      public String getAuthenticationScheme() {
        return SecurityContext.BASIC_AUTH;
      }
    };
  }

  @Test
  void theCallerHasTheNameAndTheRolesMoiKnowsOf() {
    var caller = Callers.of(signedIn("alice", Set.of(Roles.USER, Roles.EXEC, "payara-admin")));

    assertThat(caller.name()).isEqualTo("alice");
    assertThat(caller.roles()).containsExactlyInAnyOrder(Roles.USER, Roles.EXEC);
  }

  @Test
  void nobodySignedInIsAskedToLogIn() {
    assertThatThrownBy(() -> Callers.of(signedIn(null, Set.of())))
        .isInstanceOfSatisfying(
            NotAuthorizedException.class,
            e -> {
              assertThat(e.getResponse().getStatus()).isEqualTo(401);
              assertThat(e.getChallenges()).containsExactly("Basic realm=\"moi\"");
            });
  }
}
