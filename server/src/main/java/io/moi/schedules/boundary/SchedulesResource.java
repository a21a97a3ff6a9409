package io.moi.schedules.boundary;

import io.moi.api.JsonBodies;
import io.moi.jobs.boundary.Handlers;
import io.moi.jobs.boundary.Jobs;
import io.moi.schedules.control.Schedules;
import io.moi.schedules.control.UnknownScheduleException;
import io.moi.schedules.entity.Schedule;
import io.moi.schedules.entity.ScheduleRequest;
import io.moi.security.boundary.Callers;
import io.moi.security.entity.Account;
import io.moi.security.entity.Caller;
import io.moi.tree.control.Access;
import io.moi.tree.control.UnknownNodeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@ApplicationScoped
@Path("schedules")
@Produces(MediaType.APPLICATION_JSON)
public class SchedulesResource {

  @Inject Schedules schedules;
  @Inject Jobs jobs;
  @Inject Handlers handlers;
  @Inject Access access;
  @Context SecurityContext security;
  @Context UriInfo uri;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create a schedule: a job created at every time of a cron rule",
      description =
          "cron: Unix, five fields (minute hour day month weekday); zone: a time zone ID (default "
              + "UTC); then the fields of POST /api/jobs (cmd and cmdType, or handler and args; name, context, "
              + "parent) and maxAttempts, backoff. Needs the role moi-exec.")
  @RequestBody(
      content =
          @Content(
              examples =
                  @ExampleObject(
                      name = "nightly",
                      value =
                          "{\"name\": \"nightly\", \"cron\": \"0 2 * * *\", \"zone\": \"Europe/Paris\", "
                              + "\"cmd\": \"echo hi\", \"cmdType\": \"system\"}")))
  @APIResponse(responseCode = "201", description = "Created; Location is the schedule")
  @APIResponse(
      responseCode = "400",
      description = "A bad field (the detail names it), a bad cron or zone")
  @APIResponse(responseCode = "403", description = "No moi-exec role")
  @APIResponse(responseCode = "404", description = "The parent is not one of the caller's groups")
  public Response create(InputStream body) {
    Caller caller = Callers.of(security);
    ScheduleRequest request = ScheduleRequest.from(JsonBodies.object(body));
    if (!caller.mayExecute()) {
      throw new ForbiddenException("creating a schedule needs the role moi-exec");
    }
    var job = request.job();
    if (!jobs.contexts().contains(job.context())) {
      throw new IllegalArgumentException(
          "field 'context' names no context of this server; contexts are "
              + String.join(", ", jobs.contexts()));
    }
    if (job.isHandler() && !handlers.has(job.handler())) {
      throw new IllegalArgumentException(
          "field 'handler' names no job handler of this server; it has "
              + (handlers.names().isEmpty() ? "none" : String.join(", ", handlers.names())));
    }
    String parent = parentFor(caller, job.parent());
    Schedule created = schedules.create(caller.name(), parent, request);
    return Response.created(uri.getBaseUriBuilder().path("schedules").path(created.id()).build())
        .entity(created.toJson())
        .build();
  }

  @GET
  @Operation(summary = "The caller's schedules (admins: anyone's, with ?user=)")
  @APIResponse(responseCode = "200", description = "{\"schedules\": [...]}, oldest first")
  @APIResponse(
      responseCode = "403",
      description = "user names someone else and the caller is no moi-admin")
  public String list(@QueryParam("user") String user) {
    Caller caller = Callers.of(security);
    String owner = user == null ? caller.name() : Account.checkName(user);
    if (!owner.equals(caller.name()) && !caller.isAdmin()) {
      throw new ForbiddenException("only moi-admin may list another user's schedules");
    }
    var list = JsonBodies.json().createArrayBuilder();
    schedules.of(owner).forEach(s -> list.add(s.toJsonObject()));
    return JsonBodies.json().createObjectBuilder().add("schedules", list).build().toString();
  }

  @GET
  @Path("{id}")
  @APIResponse(responseCode = "200", description = "The schedule")
  @APIResponse(responseCode = "404", description = "No such schedule, or not yours")
  public String get(@PathParam("id") String id) {
    return visible(id).toJson();
  }

  @POST
  @Path("{id}/pause")
  @Operation(summary = "Pause a schedule: it fires no more until resumed")
  @APIResponse(responseCode = "200", description = "The schedule, paused")
  @APIResponse(responseCode = "404", description = "No such schedule, or not yours")
  public String pause(@PathParam("id") String id) {
    return schedules.pause(visible(id).id()).toJson();
  }

  @POST
  @Path("{id}/resume")
  @Operation(summary = "Resume a schedule from now; the times missed while paused do not fire")
  @APIResponse(responseCode = "200", description = "The schedule, with its next time")
  @APIResponse(responseCode = "404", description = "No such schedule, or not yours")
  public String resume(@PathParam("id") String id) {
    return schedules.resume(visible(id).id()).toJson();
  }

  @DELETE
  @Path("{id}")
  @APIResponse(responseCode = "204", description = "Deleted; the jobs it created stay")
  @APIResponse(responseCode = "404", description = "No such schedule, or not yours")
  public Response delete(@PathParam("id") String id) {
    schedules.delete(visible(id));
    return Response.noContent().build();
  }

  // Another user's schedule looks exactly like one that does not exist; admins see all.
  private Schedule visible(String id) {
    Caller caller = Callers.of(security);
    return schedules
        .find(id)
        .filter(s -> s.owner().equals(caller.name()) || caller.isAdmin())
        .orElseThrow(() -> new UnknownScheduleException(id));
  }

  // As for a job (JobsResource): the parent must be a group of the caller's own tree.
  private String parentFor(Caller caller, String parent) {
    String root = jobs.userGroup(caller.name());
    if (parent == null) {
      return root;
    }
    var owner = new Caller(caller.name(), Set.of());
    access
        .visibleGroup(owner, parent)
        .orElseThrow(() -> new UnknownNodeException("no group with ID '" + parent + "'"));
    return parent;
  }
}
