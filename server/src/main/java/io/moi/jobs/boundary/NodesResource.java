package io.moi.jobs.boundary;

import io.moi.api.JsonBodies;
import io.moi.cluster.control.Heartbeats;
import io.moi.cluster.control.WorkQueue;
import io.moi.jobs.control.Contexts;
import io.moi.security.boundary.Callers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.StringReader;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The live servers sharing this Redis and the depth of every context's queue (admins only). It
 * lives with the jobs, which own the contexts, so that the cluster knows nothing of them.
 */
@ApplicationScoped
@Path("nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {

  @Inject Heartbeats heartbeats;
  @Inject WorkQueue queue;
  @Inject Contexts contexts;
  @Context SecurityContext security;

  @GET
  @Operation(
      summary = "Live servers and queue depths (admins only)",
      description =
          "{\"nodes\": [{\"id\", \"host\", \"started\", \"beat\", \"running\": [job IDs], "
              + "\"contexts\": {\"<name>\": {\"slots\", \"busy\"}}}], \"queues\": {\"<context>\": "
              + "{\"depth\": jobs waiting or held, \"held\": {\"<node>\": jobs it holds}}}}")
  @APIResponse(responseCode = "200", description = "The servers whose heartbeat is current")
  @APIResponse(responseCode = "403", description = "The caller is not an admin")
  @APIResponse(responseCode = "503", description = "Redis is down")
  public String list() {
    if (!Callers.of(security).isAdmin()) {
      throw new ForbiddenException("listing servers needs the role moi-admin");
    }
    var json = JsonBodies.json();
    var nodes = json.createArrayBuilder();
    Map<String, String> live = new TreeMap<>(heartbeats.live(heartbeats.known()));
    live.values()
        .forEach(
            beat -> {
              try (var reader = json.createReader(new StringReader(beat))) {
                nodes.add(reader.readValue());
              }
            });
    JsonObjectBuilder queues = json.createObjectBuilder();
    for (String context : contexts.names()) {
      var held = json.createObjectBuilder();
      new TreeMap<>(queue.heldByNode(context)).forEach(held::add);
      queues.add(
          context, json.createObjectBuilder().add("depth", queue.depth(context)).add("held", held));
    }
    return json.createObjectBuilder().add("nodes", nodes).add("queues", queues).build().toString();
  }
}
