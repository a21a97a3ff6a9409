package io.moi.tree.boundary;

import io.moi.security.boundary.Callers;
import io.moi.security.entity.Caller;
import io.moi.tree.control.Access;
import io.moi.tree.control.Nodes;
import io.moi.tree.control.UnknownNodeException;
import io.moi.tree.entity.Info;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@ApplicationScoped
@Path("info/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class InfoResource {

  static final String INFO_EXAMPLE =
      """
      {"id":"0c1ce595-4f6d-4fcb-b872-90118f6b1cd9","name":"no-user-cmd-submit","type":"job",
       "pubsub":"0c1ce595-4f6d-4fcb-b872-90118f6b1cd9:pubsub","url":null,
       "parent":"ac97957a-a658-47c8-bfaf-08d965b3e745","context":"default","status":"Success",
       "result":15,"date_created":"2015-06-01 15:46:49.977480",
       "date_start":"2015-06-01 15:46:49.981620","date_end":"2015-06-01 15:46:49.981942"}""";

  static final int MAX_WAIT_SECONDS = 60;

  @Inject Access access;
  @Inject Nodes nodes;
  @Inject StatusWaits waits;
  @Context SecurityContext security;

  @GET
  @Operation(
      summary = "A node's info object",
      description =
          "With 'after' the answer waits (long poll) until the status differs from it, with "
              + "'until=ended' until the job has ended (Success or Failed), at most 'wait' "
              + "seconds either way, then gives the current info.")
  @APIResponse(
      responseCode = "200",
      description = "The info object",
      content = @Content(examples = @ExampleObject(name = "job", value = INFO_EXAMPLE)))
  @APIResponse(
      responseCode = "400",
      description =
          "wait is not a whole number from 1 to 60, until is not ended, both after and until are"
              + " given, or until=ended asks it of a group")
  @APIResponse(responseCode = "404", description = "No such node, or not yours")
  public void get(
      @PathParam("id") String id,
      @Parameter(description = "answer once the status is no longer this one") @QueryParam("after")
          String after,
      @Parameter(description = "ended: answer once the job has ended") @QueryParam("until")
          String until,
      @Parameter(description = "seconds to wait at most, 1 to 60 (default 30)") @QueryParam("wait")
          String wait,
      @Suspended AsyncResponse response) {
    Caller caller = Callers.of(security);
    Info info = access.visible(caller, id).orElseThrow(() -> missing(id));
    int seconds = QueryValues.number("wait", wait, 30, 1, MAX_WAIT_SECONDS);
    if (until != null) {
      checkUntil(until, after, info);
      waits.await(id, Info::hasEnded, seconds, response);
    } else if (after != null) {
      waits.await(id, now -> !Objects.equals(now.status(), after), seconds, response);
    } else {
      response.resume(json(info));
    }
  }

  private static void checkUntil(String until, String after, Info info) {
    if (!until.equals("ended")) {
      throw new IllegalArgumentException(
          "query parameter 'until' must be ended, not '" + QueryValues.shortened(until) + "'");
    }
    if (after != null) {
      throw new IllegalArgumentException("give query parameter 'after' or 'until', not both");
    }
    if (info.isGroup()) {
      throw new IllegalArgumentException(
          "'until=ended' waits for a job to end; " + info.id() + " is a group");
    }
  }

  @DELETE
  @Operation(
      summary = "Detach a node from its group",
      description =
          "Publishes {\"remove\": [id]} on the parent's channel; a group takes its descendants with it. "
              + "Jobs removed (or below a removed group) that have not ended are cancelled.")
  @APIResponse(responseCode = "204", description = "Detached")
  @APIResponse(responseCode = "404", description = "No such node, or not yours")
  @APIResponse(responseCode = "400", description = "A root group cannot be detached")
  public Response delete(@PathParam("id") String id) {
    var caller = Callers.of(security);
    Info info = access.visible(caller, id).orElseThrow(() -> missing(id));
    if (info.parent() == null) {
      throw new IllegalArgumentException("'" + id + "' is a root group and cannot be detached");
    }
    nodes.detach(info, caller.name());
    return Response.noContent().build();
  }

  static UnknownNodeException missing(String id) {
    return new UnknownNodeException("no node with ID '" + id + "'");
  }

  static Response json(Info info) {
    return Response.ok(info.toJson(), MediaType.APPLICATION_JSON_TYPE).build();
  }
}
