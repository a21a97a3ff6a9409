package io.moi.cli;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.glassfish.jersey.client.ClientProperties;

/** moi's REST API as the command line uses it; every failure becomes a {@link CliException}. */
final class MoiClient implements AutoCloseable {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8");

  private final String base;
  private final Supplier<Credentials> login;
  private final Client client;
  private Credentials credentials;

  /** Asks {@code login} for credentials at the first request, not before. */
  MoiClient(URI base, Supplier<Credentials> login) {
    this.base = base.toString().replaceAll("/+$", "");
    this.login = login;
    this.client =
        ClientBuilder.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .build();
  }

  /** A node's info object; empty when the server knows no such node (404). */
  Optional<JsonObject> info(String id) {
    return found(get("/api/info/" + Percent.encode(id), READ_TIMEOUT)).map(this::object);
  }

  /**
   * Long poll: the info object as soon as the node's status differs from {@code status}, or its
   * current one after about {@code wait}.
   */
  Optional<JsonObject> infoAfter(String id, String status, Duration wait) {
    String query =
        "?after=" + Percent.encode(status == null ? "" : status) + "&wait=" + wait.toSeconds();
    // The server holds the request for up to `wait`: give the answer that long and more.
    return found(get("/api/info/" + Percent.encode(id) + query, wait.plus(READ_TIMEOUT)))
        .map(this::object);
  }

  /** Every node under a user or group (info objects, or summaries); empty when unknown (404). */
  Optional<JsonArray> userJobs(String key, boolean summary) {
    String path = "/api/users/" + Percent.encode(key) + "/jobs" + (summary ? "?summary=true" : "");
    return found(get(path, READ_TIMEOUT)).map(this::array);
  }

  JsonArray users() {
    return array(success(get("/api/users", READ_TIMEOUT)));
  }

  /** Creates a schedule; the server's answer is the created schedule. */
  JsonObject createSchedule(JsonObject schedule) {
    return object(success(send("POST", "/api/schedules", schedule.toString(), READ_TIMEOUT)));
  }

  /** The caller's schedules, oldest first. */
  JsonArray schedules() {
    JsonObject answer = object(success(get("/api/schedules", READ_TIMEOUT)));
    if (!(answer.get("schedules") instanceof JsonArray list)) {
      throw new CliException("unexpected answer from moi at " + base + ": no list of schedules");
    }
    return list;
  }

  /**
   * Pauses, resumes ({@code action}) or, with {@code action} null, deletes a schedule: the schedule
   * as it is after the request (JSON null once deleted); empty when there is no such schedule of
   * the caller's (404).
   */
  Optional<JsonValue> changeSchedule(String id, String action) {
    String path = "/api/schedules/" + Percent.encode(id);
    Answer answer =
        action == null
            ? send("DELETE", path, null, READ_TIMEOUT)
            : send("POST", path + "/" + action, "{}", READ_TIMEOUT);
    return found(answer).map(done -> action == null ? JsonValue.NULL : object(done));
  }

  /** Submits a job; the server's answer is the created info object. */
  JsonObject submit(JsonObject job) {
    JsonObject created = object(success(send("POST", "/api/jobs", job.toString(), READ_TIMEOUT)));
    if (JsonText.string(created, "id") == null) {
      throw new CliException("unexpected answer from moi at " + base + ": the job has no id");
    }
    return created;
  }

  /**
   * Asks the server to stop a job (the answer: its info object as it is now) or every job under a
   * group (the answer: {@code {"id", "cancelled": n}}); empty when unknown (404).
   */
  Optional<JsonObject> cancel(String id) {
    return found(post("/api/info/" + Percent.encode(id) + "/cancel")).map(this::object);
  }

  /** Submits an ended job again; the answer is the new job's info object. Empty when unknown. */
  Optional<JsonObject> rerun(String id) {
    Optional<JsonObject> created =
        found(post("/api/info/" + Percent.encode(id) + "/rerun")).map(this::object);
    if (created.isPresent() && JsonText.string(created.get(), "id") == null) {
      throw new CliException("unexpected answer from moi at " + base + ": the job has no id");
    }
    return created;
  }

  @Override
  public void close() {
    client.close();
  }

  private Answer get(String path, Duration timeout) {
    return send("GET", path, null, timeout);
  }

  // An empty JSON object: the API refuses a POST whose body does not say it is JSON.
  private Answer post(String path) {
    return send("POST", path, "{}", READ_TIMEOUT);
  }

  private Answer send(String method, String path, String body, Duration timeout) {
    if (credentials == null) {
      credentials = login.get();
    }
    // A URI, not a template: IDs may hold '%', '{' or '/', which templates would re-read.
    Invocation.Builder request =
        client
            .target(URI.create(base + path))
            .request(MediaType.APPLICATION_JSON_TYPE)
            // Preemptive: every /api request needs it, so never wait for a challenge.
            .header(HttpHeaders.AUTHORIZATION, credentials.basicAuthorization())
            .property(ClientProperties.READ_TIMEOUT, (int) timeout.toMillis());
    try (Response response =
        body == null ? request.method(method) : request.method(method, Entity.entity(body, JSON))) {
      return new Answer(
          response.getStatus(),
          response.getStatusInfo().getReasonPhrase(),
          response.hasEntity() ? response.readEntity(String.class) : "",
          response.getHeaderString("Retry-After"));
    } catch (ProcessingException e) {
      throw HttpFailures.unreachable(base, e, timeout);
    }
  }

  private Optional<Answer> found(Answer answer) {
    return answer.status() == 404 ? Optional.empty() : Optional.of(success(answer));
  }

  private Answer success(Answer answer) {
    if (answer.status() / 100 != 2) {
      throw HttpFailures.refused(base, credentials.username(), answer);
    }
    return answer;
  }

  private JsonObject object(Answer answer) {
    return parse(answer, JsonValue.ValueType.OBJECT).asJsonObject();
  }

  private JsonArray array(Answer answer) {
    return parse(answer, JsonValue.ValueType.ARRAY).asJsonArray();
  }

  private JsonValue parse(Answer answer, JsonValue.ValueType expected) {
    try {
      JsonValue value = JsonText.read(answer.body());
      if (value.getValueType() == expected) {
        return value;
      }
    } catch (IllegalArgumentException e) {
      // reported below, the same way as JSON of the wrong shape
    }
    throw new CliException(
        "unexpected answer from moi at "
            + base
            + ": expected a JSON "
            + expected.name().toLowerCase()
            + "; is this a moi server?");
  }

  /** An HTTP answer, read in full before the connection is given back. */
  record Answer(int status, String reason, String body, String retryAfter) {}
}
