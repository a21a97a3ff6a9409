package io.moi.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ContainerStandIns;
import io.moi.security.entity.Caller;
import io.moi.security.entity.Roles;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A REST request's roles, answered from what the authentication mechanism established. */
class KnownRolesTest {

  /** A filtered request: its properties (the servlet request's attributes) and security context. */
  private static final class Request {
    final Map<String, Object> properties = new HashMap<>();
    SecurityContext security;

    Request(SecurityContext security) {
      this.security = security;
    }

    ContainerRequestContext context() {
      return (ContainerRequestContext)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {ContainerRequestContext.class},
              (p, m, args) ->
                  switch (m.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getSecurityContext" -> security;
                    case "setSecurityContext" -> {
                      security = (SecurityContext) args[0];
                      yield null;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                  });
    }
  }

  @Test
  void theRolesTheMechanismEstablishedAnswerWithoutAskingTheContainer() {
    // The container's own answer would deny every role: the answers below can only be the
    // mechanism's.
    var request = new Request(ContainerStandIns.signedIn("alice"));
    request.properties.put(Callers.ATTRIBUTE, new Caller("alice", Set.of(Roles.USER, Roles.EXEC)));

    new KnownRoles().filter(request.context());

    assertThat(request.security.getUserPrincipal().getName()).isEqualTo("alice");
    assertThat(request.security.isUserInRole(Roles.USER)).isTrue();
    assertThat(request.security.isUserInRole(Roles.EXEC)).isTrue();
    assertThat(request.security.isUserInRole(Roles.ADMIN)).isFalse();
    assertThat(Callers.of(request.security))
        .isEqualTo(new Caller("alice", Set.of(Roles.USER, Roles.EXEC)));
  }

  @Test
  void aRequestTheMechanismDidNotSignInKeepsTheContainersAnswers() {
    SecurityContext container = ContainerStandIns.signedIn("alice", Roles.USER);
    var request = new Request(container);

    new KnownRoles().filter(request.context());

    assertThat(request.security).isSameAs(container);
  }

  @Test
  void aCallerWhoseNameIsNotTheContainersIsNotBelieved() {
    SecurityContext container = ContainerStandIns.signedIn("bob", Roles.USER);
    var request = new Request(container);
    request.properties.put(Callers.ATTRIBUTE, new Caller("alice", Set.of(Roles.ADMIN)));

    new KnownRoles().filter(request.context());

    assertThat(request.security).isSameAs(container);
    assertThat(request.security.isUserInRole(Roles.ADMIN)).isFalse();
  }

  @Test
  void theMechanismLeavesOnlyTheRolesMoiKnowsOf() {
    Map<String, Object> attributes = new HashMap<>();
    var servlet =
        (jakarta.servlet.ServletRequest)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {jakarta.servlet.ServletRequest.class},
                (p, m, args) -> attributes.put((String) args[0], args[1]));

    Callers.remember(servlet, "alice", Set.of(Roles.USER, "payara-admin"));

    assertThat(attributes)
        .containsEntry(Callers.ATTRIBUTE, new Caller("alice", Set.of(Roles.USER)));
  }
}
