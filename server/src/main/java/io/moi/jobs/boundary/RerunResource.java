package io.moi.jobs.boundary;

import io.moi.security.boundary.Callers;
import io.moi.security.entity.Caller;
import io.moi.tree.boundary.Created;
import io.moi.tree.control.Access;
import io.moi.tree.control.UnknownNodeException;
import io.moi.tree.entity.Info;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@ApplicationScoped
@Path("info/{id}/rerun")
public class RerunResource {

  @Inject Jobs jobs;
  @Inject Access access;
  @Context SecurityContext security;
  @Context UriInfo uri;

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Run a finished job's command again, as a new job",
      description =
          "Same command, name, context, parent and attempts; the new job is Queued. "
              + "Owner or admin, with the role moi-exec.")
  @APIResponse(responseCode = "201", description = "Created; Location is the new job's info")
  @APIResponse(responseCode = "404", description = "No such job, or not yours")
  @APIResponse(
      responseCode = "409",
      description = "The job has not ended, or has no command kept (a function job)")
  public Response rerun(@PathParam("id") String id) {
    Caller caller = Callers.of(security);
    Info job =
        access
            .visible(caller, id)
            .orElseThrow(() -> new UnknownNodeException("no node with ID '" + id + "'"));
    if (!caller.mayExecute()) {
      throw new ForbiddenException("running code needs the role moi-exec");
    }
    return Created.node(uri, jobs.rerunJob(job));
  }
}
