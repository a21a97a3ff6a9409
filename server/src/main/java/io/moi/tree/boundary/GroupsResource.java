package io.moi.tree.boundary;

import io.moi.api.JsonBodies;
import io.moi.security.boundary.Callers;
import io.moi.security.entity.Caller;
import io.moi.tree.control.Access;
import io.moi.tree.control.Groups;
import io.moi.tree.control.UnknownNodeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@ApplicationScoped
@Path("groups")
public class GroupsResource {

  private static final Set<String> FIELDS = Set.of("name", "parent");

  @Inject Groups groups;
  @Inject Access access;
  @Context SecurityContext security;
  @Context UriInfo uri;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create a group (a workflow) in the caller's tree",
      description =
          "{\"name\": \"nightly import\", \"parent\": \"<group id>\"}; parent defaults to the caller's root group.")
  @APIResponse(responseCode = "201", description = "Created; Location is the group's info")
  @APIResponse(
      responseCode = "400",
      description = "Malformed JSON, an unknown field or a wrong type")
  @APIResponse(responseCode = "404", description = "The parent is not one of the caller's groups")
  public Response create(InputStream body) {
    Caller caller = Callers.of(security);
    JsonObject request = JsonBodies.object(body);
    for (String field : request.keySet()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "unknown field '" + field + "'; fields are name, parent");
      }
    }
    String name = text(request, "name");
    String parent = text(request, "parent");
    if (parent == null) {
      parent = access.ownRoot(caller);
    } else {
      String wanted = parent;
      access
          .visibleGroup(caller, parent)
          .orElseThrow(() -> new UnknownNodeException("no group with ID '" + wanted + "'"));
    }
    return Created.node(uri, groups.create(name, parent));
  }

  private static String text(JsonObject body, String field) {
    JsonValue value = body.get(field);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (!(value instanceof JsonString s) || s.getString().length() > 1024) {
      throw new IllegalArgumentException(
          "field '" + field + "' must be a string of at most 1024 characters");
    }
    return s.getString();
  }
}
