package io.moi.jobs.boundary;

import io.moi.cluster.entity.Attempts;
import io.moi.cluster.entity.Work;
import io.moi.jobs.control.Contexts;
import io.moi.jobs.control.JobControl;
import io.moi.jobs.control.JobRunner;
import io.moi.jobs.control.JobStateException;
import io.moi.jobs.control.PortableJobs;
import io.moi.jobs.control.Results;
import io.moi.jobs.entity.CodeType;
import io.moi.jobs.entity.JobFunction;
import io.moi.jobs.entity.JobSpec;
import io.moi.redis.AtomicWrite;
import io.moi.redis.RedisKeys;
import io.moi.tree.control.Groups;
import io.moi.tree.control.Nodes;
import io.moi.tree.control.UnknownNodeException;
import io.moi.tree.control.Users;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import io.moi.tree.entity.NodeIds;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The submission facade a web application injects. Submitting returns the new job's ID at once,
 * with the job recorded as Queued. Code jobs and named handlers are portable: they wait in their
 * context's durable queue in Redis and run on whichever server takes them. A function (a lambda) is
 * local: it runs on this server's executor, and ends Failed if this server dies.
 *
 * <p>Refusals reach the caller as they are (see {@link Refusals}), and nothing is stored when a
 * submission is refused: an {@code IllegalArgumentException} for bad input (an {@link
 * InvalidSubmissionException}, or an {@code UnknownContextException} or {@code
 * UnknownNodeException} for a context or parent that does not exist), a {@code
 * ContextBusyException} when the context's queue is full, and a {@code RedisUnavailableException}
 * when Redis cannot be reached.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@Interceptors(Refusals.class)
public class Jobs {

  @Inject Handlers handlers;
  @Inject PortableJobs portable;
  @Inject Results results;
  @Inject Contexts contexts;
  @Inject JobRunner runner;
  @Inject JobControl control;
  @Inject Nodes nodes;
  @Inject Groups groups;
  @Inject Users users;

  /** Submits a function job; it receives {@code args} and a handle on its own job. */
  public String submit(JobSpec spec, JobFunction function, Object... args) {
    return queue(spec, function, args).id();
  }

  /** Submits a function job under the {@code no-user} group. */
  public String submitAnonymous(String name, JobFunction function, Object... args) {
    return submit(JobSpec.under(RedisKeys.NO_USER, name), function, args);
  }

  /**
   * Submits a shell command run by {@code /bin/sh -c}; its result is {@code [stdout, stderr,
   * exit_code]} and a non-zero exit fails the job.
   */
  public String submitCommand(JobSpec spec, String command) {
    return submitCode(spec, CodeType.SYSTEM.text(), command);
  }

  /**
   * Submits code as the command line's {@code --cmd-type} names it: {@code python} (the default
   * when {@code cmdType} is null) runs the body of a Python function, {@code system} a shell
   * command, {@code java} the body of a Java method. Child processes are killed at {@code
   * moi.job.timeout}; any other type is refused.
   */
  public String submitCode(JobSpec spec, String cmdType, String code) {
    return queueCode(spec, cmdType, code).id();
  }

  /**
   * As {@link #submitCode}, answering the job's info object as it was stored: a caller that shows
   * it reads nothing back, so a Redis failure after the write cannot turn a stored job into a
   * refusal.
   */
  public Info queueCode(JobSpec spec, String cmdType, String code) {
    return queueCode(spec, cmdType, code, new AtomicWrite());
  }

  /**
   * As {@link #queueCode(JobSpec, String, String)}, with {@code also} written in the same atomic
   * step (and its guards, see {@link AtomicWrite#onlyIf}, deciding whether anything is).
   */
  public Info queueCode(JobSpec spec, String cmdType, String code, AtomicWrite also) {
    CodeType type = CodeType.of(cmdType);
    if (code == null || code.isBlank()) {
      throw new IllegalArgumentException("a command must not be blank");
    }
    return enqueue(spec, (id, lineage) -> Work.code(id, type.text(), code, lineage), also);
  }

  /**
   * Submits a job to the application's {@link NamedJobHandler} named {@code handler}, with {@code
   * args} written as JSON (JSON-B); any server that deploys the handler may run it.
   */
  public String submitHandler(JobSpec spec, String handler, Object args) {
    return queueHandler(spec, handler, results.arguments(args)).id();
  }

  /** As {@link #submitHandler}, answering the job's info object as it was stored. */
  public Info queueHandler(JobSpec spec, String handler, JsonValue args) {
    return queueHandler(spec, handler, args, new AtomicWrite());
  }

  /** As {@link #queueHandler(JobSpec, String, JsonValue)}, with {@code also} in the same step. */
  public Info queueHandler(JobSpec spec, String handler, JsonValue args, AtomicWrite also) {
    if (handler == null || !handlers.has(handler)) {
      List<String> known = handlers.names();
      throw new IllegalArgumentException(
          "no job handler named '"
              + handler
              + "'; this server has "
              + (known.isEmpty() ? "none" : String.join(", ", known)));
    }
    String json = (args == null ? JsonValue.NULL : args).toString();
    return enqueue(spec, (id, lineage) -> Work.handler(id, handler, json, lineage), also);
  }

  /**
   * Cancels a job (see {@link JobControl#cancel}) or, for a group, every job below it that has not
   * ended; {@code by} names who asked, for the job's result. Answers the number of jobs asked to
   * stop. A job that has ended is refused with a {@link JobStateException}.
   */
  public int cancel(String id, String by) {
    Info node = existing(id);
    if (node.isGroup()) {
      return control.cancelGroup(node, by);
    }
    control.cancel(node, by);
    return 1;
  }

  /** As {@link #cancel}, for a job: answers its info after the request. */
  public Info cancelJob(Info job, String by) {
    return control.cancel(job, by);
  }

  /** Cancels every job below a group that has not ended; answers how many. */
  public int cancelGroup(Info group, String by) {
    return control.cancelGroup(group, by);
  }

  /** Runs a finished portable job's command again as a new job; answers the new job's ID. */
  public String rerun(String id) {
    return rerunJob(existing(id)).id();
  }

  /** As {@link #rerun}, answering the new job's info. */
  public Info rerunJob(Info finished) {
    return control.rerun(finished);
  }

  /** When a job is due, its attempts with their errors, and who cancelled it (JSON). */
  public JsonObject state(Info job) {
    return control.state(job);
  }

  private Info existing(String id) {
    return nodes
        .find(id)
        .orElseThrow(() -> new UnknownNodeException("no node with ID '" + id + "'"));
  }

  /** Creates a group under a parent group and returns its ID (see {@link Groups#create}). */
  public String createGroup(String name, String parent) {
    return groups.create(name, parent).id();
  }

  /** The user's root group, created with its {@code user-id-map} entries on first sight. */
  public String userGroup(String username) {
    return users.rootGroup(username);
  }

  public Optional<Info> info(String id) {
    return nodes.find(id);
  }

  /** A group's direct children, oldest first. */
  public List<Info> children(String groupId) {
    return nodes.children(groupId);
  }

  public List<String> contexts() {
    return contexts.names();
  }

  private Info queue(JobSpec spec, JobFunction function, Object[] args) {
    Objects.requireNonNull(function, "function");
    var executor = contexts.executor(spec.context());
    String id = chooseId(spec.id());
    Lineage lineage = groups.lineageBelow(spec.parent());
    Info queued =
        Info.newJob(id, spec.name(), spec.parent(), spec.context(), spec.url(), Dates.now());
    runner.start(
        queued,
        lineage,
        executor,
        function,
        args,
        Attempts.upTo(spec.maxAttempts(), spec.backoff()),
        spec.runAt());
    return queued;
  }

  private Info enqueue(
      JobSpec spec, java.util.function.BiFunction<String, Lineage, Work> work, AtomicWrite also) {
    contexts.executor(spec.context());
    String id = chooseId(spec.id());
    Lineage lineage = groups.lineageBelow(spec.parent());
    Info queued =
        Info.newJob(id, spec.name(), spec.parent(), spec.context(), spec.url(), Dates.now());
    Work what =
        work.apply(id, lineage).withAttempts(Attempts.upTo(spec.maxAttempts(), spec.backoff()));
    portable.enqueue(queued, lineage, what, spec.runAt(), also);
    return queued;
  }

  private String chooseId(String requested) {
    if (requested == null) {
      return NodeIds.random();
    }
    NodeIds.check(requested);
    if (nodes.exists(requested)) {
      throw new IllegalArgumentException("ID '" + requested + "' is already in use");
    }
    return requested;
  }
}
