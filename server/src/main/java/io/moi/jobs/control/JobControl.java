package io.moi.jobs.control;

import io.moi.cluster.control.CancelMarks;
import io.moi.cluster.control.WorkQueue;
import io.moi.cluster.entity.Cancel;
import io.moi.jobs.entity.Failure;
import io.moi.jobs.entity.JobStatus;
import io.moi.redis.AtomicWrite;
import io.moi.redis.ConflictingWriteException;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import io.moi.tree.control.Nodes;
import io.moi.tree.control.TreeWalker;
import io.moi.tree.control.UnknownNodeException;
import io.moi.tree.control.Users;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import io.moi.tree.entity.NodeDetached;
import io.moi.tree.entity.NodeIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Cancels, re-runs and describes jobs, on whichever server they are. A cancel leaves a mark in
 * Redis: the server holding the job (running, or taken from its queue) sees it within a quarter of
 * a second and stops it; a job that still waits (in its queue, for its time or for its next
 * attempt) ends here, in one guarded write that fails if it started meanwhile.
 */
@ApplicationScoped
public class JobControl {

  private static final System.Logger LOG = System.getLogger(JobControl.class.getName());
  private static final JsonProvider JSON = JsonProvider.provider();
  private static final int TRIES = 5;

  @Inject Nodes nodes;
  @Inject Users users;
  @Inject TreeWalker tree;
  @Inject WorkQueue queue;
  @Inject CancelMarks marks;
  @Inject PortableJobs portable;
  @Inject Redis redis;

  /**
   * Cancels a job for {@code by}: answers its info after the request, Failed when it was still
   * waiting, as it was when its server is stopping it. A job that has ended is refused.
   */
  public Info cancel(Info job, String by) {
    if (job.isGroup()) {
      throw new IllegalArgumentException(
          "'" + job.id() + "' is a group: cancel its jobs with cancelGroup");
    }
    if (JobStatus.isTerminal(job.status())) {
      throw new JobStateException("job " + job.id() + " has already ended (" + job.status() + ")");
    }
    Cancel cancel = Cancel.by(by, Instant.now());
    marks.mark(job.id(), cancel).execute(redis);
    Info now = job;
    for (int i = 0; i < TRIES; i++) {
      if (JobStatus.isTerminal(now.status()) || !waits(now)) {
        return now; // ended meanwhile, or running: its server stops it
      }
      Info ended = now.ended(JobStatus.FAILED, Failure.of(cancel.line()).toJson(), Dates.now());
      Info expected = now;
      var guard =
          new AtomicWrite()
              .onlyIf(RedisKeys.info(job.id()), json -> json != null && same(json, expected));
      try {
        nodes.update(ended, lineageBelow(now.parent()), guard.and(queue.undelay(job.id())));
        return ended;
      } catch (ConflictingWriteException changed) {
        now =
            nodes
                .find(job.id())
                .orElseThrow(() -> new UnknownNodeException("no node with ID '" + job.id() + "'"));
      }
    }
    return now;
  }

  /** Cancels every job below a group that has not ended; answers how many were asked to stop. */
  public int cancelGroup(Info group, String by) {
    int cancelled = 0;
    for (Info node : tree.descendants(group.id())) {
      if (!node.isGroup() && !JobStatus.isTerminal(node.status())) {
        try {
          cancel(node, by);
          cancelled++;
        } catch (JobStateException endedMeanwhile) {
          // nothing to stop
        }
      }
    }
    return cancelled;
  }

  /**
   * Runs a finished job's command again as a new job, with the same name, parent, context and
   * attempts; answers the new job's info.
   */
  public Info rerun(Info finished) {
    if (finished.isGroup()) {
      throw new IllegalArgumentException("'" + finished.id() + "' is a group, not a job");
    }
    if (!JobStatus.isTerminal(finished.status())) {
      throw new JobStateException(
          "job " + finished.id() + " has not ended (" + finished.status() + "): cancel it first");
    }
    var kept =
        queue
            .recall(finished.id())
            .orElseThrow(
                () ->
                    new JobStateException(
                        "job "
                            + finished.id()
                            + " cannot run again: no command is kept for it (a function job's code lives in the application)"));
    String id = NodeIds.random();
    Lineage lineage = lineageBelow(finished.parent());
    Info queued =
        Info.newJob(
            id,
            finished.nameText(),
            finished.parent(),
            kept.context(),
            finished.url(),
            Dates.now());
    portable.enqueue(queued, lineage, kept.work().rerunAs(id, lineage), null, new AtomicWrite());
    return queued;
  }

  /**
   * What moi knows of a job beyond its info object: when it is due, which attempt it is at with the
   * earlier attempts' errors, and who cancelled it.
   */
  public JsonObject state(Info job) {
    JsonObjectBuilder state = JSON.createObjectBuilder().add("id", job.id());
    var due = queue.dueAt(job.id());
    if (due.isPresent()) {
      state.add("due", Dates.utcSeconds(due.get()) + " UTC");
    } else {
      state.addNull("due");
    }
    var kept = queue.recall(job.id());
    if (kept.isPresent()) {
      var attempts = kept.get().work().attempts();
      var errors = JSON.createArrayBuilder();
      for (List<String> lines : attempts.errors()) {
        errors.add(JSON.createArrayBuilder(lines));
      }
      state
          .add("attempt", attempts.number())
          .add("maxAttempts", attempts.max())
          .add("backoff", Duration.ofMillis(attempts.backoffMillis()).toString())
          .add("errors", errors);
    } else {
      state
          .add("attempt", JsonValue.NULL)
          .add("maxAttempts", JsonValue.NULL)
          .add("backoff", JsonValue.NULL)
          .add("errors", JsonValue.EMPTY_JSON_ARRAY);
    }
    var cancelled = marks.find(job.id());
    state.add("cancelled", cancelled.isPresent() ? cancelled.get().toJsonObject() : JsonValue.NULL);
    return state.build();
  }

  /** A removed job, or the jobs below a removed group, that have not ended are cancelled. */
  void cancelWhatWasRemoved(@Observes NodeDetached removed) {
    Info node = removed.node();
    try {
      if (node.isGroup()) {
        cancelGroup(node, removed.by());
      } else if (!JobStatus.isTerminal(node.status())) {
        cancel(node, removed.by());
      }
    } catch (JobStateException endedMeanwhile) {
      // nothing left to stop
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Cannot cancel what ran below the removed node {0}: {1}",
          node.id(),
          e.toString());
    }
  }

  // Not started yet: in its queue, waiting for its time or for its next attempt.
  private static boolean waits(Info job) {
    return JobStatus.isWaiting(job.status()) && job.dateStart() == null;
  }

  private static boolean same(String json, Info expected) {
    try {
      Info stored = Info.fromJson(json);
      return stored.status().equals(expected.status()) && waits(stored);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private Lineage lineageBelow(String parent) {
    if (RedisKeys.NO_USER.equals(parent)) {
      return new Lineage(List.of(RedisKeys.NO_USER), users.noUserGroup());
    }
    return nodes.lineageBelow(parent);
  }
}
