package io.moi.jobs.boundary;

import io.moi.api.JsonBodies;
import io.moi.jobs.entity.JobSubmission;
import io.moi.security.boundary.Callers;
import io.moi.security.entity.Account;
import io.moi.security.entity.Caller;
import io.moi.tree.boundary.Created;
import io.moi.tree.control.Access;
import io.moi.tree.control.UnknownNodeException;
import io.moi.tree.control.Users;
import io.moi.tree.entity.Info;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@ApplicationScoped
@Path("jobs")
public class JobsResource {

  @Inject Jobs jobs;
  @Inject Access access;
  @Inject Users users;
  @Context SecurityContext security;
  @Context UriInfo uri;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Submit code, a shell command or a named handler",
      description =
          "cmdType python (default), java or system; or handler (a @JobHandler name) "
              + "with args (any JSON). user defaults to the caller and may "
              + "name someone else only for admins; parent defaults to the user's root group. Needs "
              + "the role moi-exec. maxAttempts (1-100) and backoff (seconds, or \"10s\", \"PT10S\") "
              + "retry a failing job with exponential waits; runAt (ISO-8601 with offset) or delay "
              + "makes it wait, Queued, until then.")
  @RequestBody(
      content =
          @Content(
              examples =
                  @ExampleObject(
                      name = "python",
                      value =
                          "{\"cmd\": \"x = 5; return x + 10\", \"cmdType\": \"python\", \"name\": \"sum\"}")))
  @APIResponse(responseCode = "201", description = "Created; Location is the job's info")
  @APIResponse(
      responseCode = "400",
      description = "Malformed JSON, an unknown field, a wrong type, a bad value")
  @APIResponse(
      responseCode = "403",
      description = "No moi-exec role, or another user's job without moi-admin")
  @APIResponse(responseCode = "413", description = "The body is too large")
  @APIResponse(
      responseCode = "503",
      description = "Redis is down or the context is full; see Retry-After")
  public Response submit(InputStream body) {
    Caller caller = Callers.of(security);
    JobSubmission request = JobSubmission.from(JsonBodies.object(body));
    if (!caller.mayExecute()) {
      throw new ForbiddenException("submitting code needs the role moi-exec");
    }
    String user = request.user() == null ? caller.name() : Account.checkName(request.user());
    if (!user.equals(caller.name()) && !caller.isAdmin()) {
      throw new ForbiddenException("only moi-admin may submit jobs for another user");
    }
    String parent = parentFor(caller, user, request.parent());
    var spec = request.spec(parent);
    return Created.node(
        uri,
        request.isHandler()
            ? jobs.queueHandler(spec, request.handler(), request.args())
            : jobs.queueCode(spec, request.cmdType(), request.cmd()));
  }

  @GET
  @Path("{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "A job's control state",
      description =
          "When it is due (a delayed start or its next attempt), which attempt it is at, "
              + "the earlier attempts' errors, and who cancelled it. Owner or admin.")
  @APIResponse(
      responseCode = "200",
      description =
          "{\"id\", \"due\", \"attempt\", \"maxAttempts\", \"backoff\", \"errors\", \"cancelled\"}")
  @APIResponse(responseCode = "404", description = "No such job, or not yours")
  public Response state(@PathParam("id") String id) {
    Info job =
        access
            .visible(Callers.of(security), id)
            .filter(node -> !node.isGroup())
            .orElseThrow(() -> new UnknownNodeException("no job with ID '" + id + "'"));
    return Response.ok(jobs.state(job).toString(), MediaType.APPLICATION_JSON_TYPE).build();
  }

  private String parentFor(Caller caller, String user, String parent) {
    String root = users.rootGroup(user);
    if (parent == null) {
      return root;
    }
    // The parent must lie in the job owner's tree, and the caller must be able to see it. A
    // caller who is not an admin is the owner and sees only that tree: one check does.
    var owner = new Caller(user, java.util.Set.of());
    access
        .visibleGroup(caller, parent)
        .filter(g -> !caller.isAdmin() || access.visibleGroup(owner, g.id()).isPresent())
        .orElseThrow(() -> new UnknownNodeException("no group with ID '" + parent + "'"));
    return parent;
  }
}
