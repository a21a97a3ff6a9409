package io.moi.jobs.boundary;

import io.moi.security.boundary.Callers;
import io.moi.security.entity.Caller;
import io.moi.tree.control.Access;
import io.moi.tree.control.UnknownNodeException;
import io.moi.tree.entity.Info;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@ApplicationScoped
@Path("info/{id}/cancel")
public class CancelResource {

  private static final JsonProvider JSON = JsonProvider.provider();

  @Inject Jobs jobs;
  @Inject Access access;
  @Context SecurityContext security;

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Cancel a job, or every job of a group",
      description =
          "A job still waiting ends Failed at once; a running one is stopped by the server "
              + "that runs it (its processes asked, then forced) within seconds and ends Failed. The "
              + "result's last line says who cancelled it and when. Owner or admin.")
  @APIResponse(
      responseCode = "202",
      description = "A job: its info after the request; a group: {\"id\", \"cancelled\": N}")
  @APIResponse(responseCode = "404", description = "No such node, or not yours")
  @APIResponse(responseCode = "409", description = "The job has already ended")
  public Response cancel(@PathParam("id") String id) {
    Caller caller = Callers.of(security);
    Info node =
        access
            .visible(caller, id)
            .orElseThrow(() -> new UnknownNodeException("no node with ID '" + id + "'"));
    if (node.isGroup()) {
      int cancelled = jobs.cancelGroup(node, caller.name());
      String body =
          JSON.createObjectBuilder()
              .add("id", node.id())
              .add("cancelled", cancelled)
              .build()
              .toString();
      return Response.accepted(body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
    return Response.accepted(jobs.cancelJob(node, caller.name()).toJson())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .build();
  }
}
