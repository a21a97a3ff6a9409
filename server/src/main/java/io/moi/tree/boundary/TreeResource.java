package io.moi.tree.boundary;

import io.moi.security.boundary.Callers;
import io.moi.security.entity.Caller;
import io.moi.tree.control.Access;
import io.moi.tree.control.Nodes;
import io.moi.tree.control.TreeWalker;
import io.moi.tree.control.UnknownNodeException;
import io.moi.tree.entity.Info;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@ApplicationScoped
@Path("tree/{path}")
@Produces(MediaType.APPLICATION_JSON)
public class TreeResource {

  @Inject Access access;
  @Inject Nodes nodes;
  @Inject TreeWalker walker;
  @Context SecurityContext security;

  @GET
  @Operation(
      summary = "The node at a hierarchy path and what is below it",
      description =
          "A path joins IDs with ':', root first (root:id1:id2); each step must be a member "
              + "of the previous node's set. Answers {\"node\": info, \"children\": [info...]} sorted by "
              + "date_created; with depth=all, \"children\" holds every descendant.")
  @APIResponse(responseCode = "200", description = "The node and its children")
  @APIResponse(
      responseCode = "400",
      description = "The path is malformed, or depth is not 1 or all")
  @APIResponse(responseCode = "404", description = "No node at that path, or not yours")
  public Response get(
      @PathParam("path") String path,
      @Parameter(description = "1 (default) for direct children, all for every descendant")
          @QueryParam("depth")
          String depth) {
    boolean all = "all".equals(depth);
    if (depth != null && !all && !"1".equals(depth)) {
      throw new IllegalArgumentException(
          "query parameter 'depth' must be 1 or all, not '" + QueryValues.shortened(depth) + "'");
    }
    Info node = resolve(Callers.of(security), path);
    String head = "{\"node\":" + node.toJson() + ",\"children\":";
    if (!node.isGroup()) {
      return Response.ok(head + "[]}").build();
    }
    if (!all) {
      return Response.ok(head + Info.toJson(nodes.children(node.id())) + "}").build();
    }
    return Response.ok(
            new InfoStream(head + "[", walker.descendantsOf(node.id()), "]}", Info::toJson))
        .build();
  }

  private Info resolve(Caller caller, String path) {
    String[] steps = path.split(":", -1);
    for (String step : steps) {
      if (step.isEmpty()) {
        throw new IllegalArgumentException(
            "path '" + path + "' has an empty step; write root:id1:id2");
      }
    }
    Info node = access.visible(caller, steps[0]).orElseThrow(() -> notFound(path));
    for (int i = 1; i < steps.length; i++) {
      if (!nodes.isMember(node.id(), steps[i])) {
        throw notFound(path);
      }
      node = nodes.find(steps[i]).orElseThrow(() -> notFound(path));
    }
    return node;
  }

  private static UnknownNodeException notFound(String path) {
    return new UnknownNodeException("no node at path '" + path + "'");
  }
}
