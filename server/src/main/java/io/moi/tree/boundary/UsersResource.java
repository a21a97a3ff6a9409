package io.moi.tree.boundary;

import io.moi.api.JsonBodies;
import io.moi.security.boundary.Callers;
import io.moi.security.entity.Caller;
import io.moi.tree.control.Access;
import io.moi.tree.control.TreeWalker;
import io.moi.tree.control.UnknownNodeException;
import io.moi.tree.control.Users;
import io.moi.tree.entity.Info;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@ApplicationScoped
@Path("users")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

  @Inject Access access;
  @Inject Users users;
  @Inject TreeWalker walker;
  @Context SecurityContext security;

  @GET
  @Operation(
      summary = "Every known user and their root group (admins only)",
      description = "[{\"username\": \"alice\", \"group\": \"<uuid>\"}, ...]")
  @APIResponse(responseCode = "200", description = "The users")
  @APIResponse(responseCode = "403", description = "The caller is not an admin")
  public String list() {
    if (!Callers.of(security).isAdmin()) {
      throw new ForbiddenException("listing users needs the role moi-admin");
    }
    var array = JsonBodies.json().createArrayBuilder();
    users
        .all()
        .forEach(
            (name, group) ->
                array.add(
                    JsonBodies.json()
                        .createObjectBuilder()
                        .add("username", name)
                        .add("group", group)));
    return array.build().toString();
  }

  @GET
  @Path("{key}/jobs")
  @Operation(
      summary = "Every node under a user or group, oldest first",
      description =
          "key is a username or a group ID. With summary=true each entry is "
              + "{\"date_created\", \"id\", \"status\"}.")
  @APIResponse(responseCode = "200", description = "The nodes, sorted by date_created")
  @APIResponse(responseCode = "400", description = "summary is neither true nor false")
  @APIResponse(responseCode = "404", description = "Unknown key, or not yours")
  public Response jobs(
      @PathParam("key") String key,
      @Parameter(description = "true for only date, id and status; true or false")
          @QueryParam("summary")
          String summaryParameter) {
    boolean summary = QueryValues.flag("summary", summaryParameter);
    Caller caller = Callers.of(security);
    String group =
        groupOf(caller, key).orElseThrow(() -> new UnknownNodeException("Unknown key: " + key));
    return Response.ok(
            new InfoStream(
                "[",
                walker.descendantsOf(group),
                "]",
                summary ? UsersResource::summary : Info::toJson))
        .build();
  }

  private static String summary(Info node) {
    return JsonBodies.json()
        .createObjectBuilder()
        .add("date_created", text(node.dateCreated()))
        .add("id", node.id())
        .add("status", text(node.status()))
        .build()
        .toString();
  }

  private Optional<String> groupOf(Caller caller, String key) {
    if (key.equals(caller.name())) {
      return Optional.of(access.ownRoot(caller));
    }
    if (caller.isAdmin()) {
      Optional<String> root = users.rootGroupId(key);
      if (root.isPresent()) {
        return root;
      }
    }
    return access.visibleGroup(caller, key).map(Info::id);
  }

  private static JsonValue text(String value) {
    return value == null ? JsonValue.NULL : JsonBodies.json().createValue(value);
  }
}
