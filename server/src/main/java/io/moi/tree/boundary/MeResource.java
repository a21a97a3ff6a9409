package io.moi.tree.boundary;

import io.moi.api.JsonBodies;
import io.moi.security.boundary.Callers;
import io.moi.security.entity.Caller;
import io.moi.tree.control.Access;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@ApplicationScoped
@Path("me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

  @Inject Access access;
  @Context SecurityContext security;

  @GET
  @Operation(
      summary = "The caller: username, root group and roles",
      description = "{\"username\": \"alice\", \"group\": \"<uuid>\", \"roles\": [\"moi-user\"]}")
  @APIResponse(responseCode = "200", description = "The caller")
  public String me() {
    Caller caller = Callers.of(security);
    var roles = JsonBodies.json().createArrayBuilder();
    caller.roles().stream().sorted().forEach(roles::add);
    return JsonBodies.json()
        .createObjectBuilder()
        .add("username", caller.name())
        .add("group", access.ownRoot(caller))
        .add("roles", roles)
        .build()
        .toString();
  }
}
