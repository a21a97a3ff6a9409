package io.moi;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The REST API as a test calls it over HTTP, signed in with HTTP Basic as one of the {@link
 * ItAccounts}: alice (moi-exec), carol (moi-user only), root (moi-admin). Every request has a time
 * limit, so a test whose server has died fails instead of hanging.
 */
public final class ItHttp {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final URI base;
  private final String user;

  private ItHttp(URI base, String user) {
    this.base = base;
    this.user = user;
  }

  public static ItHttp as(String user, URI base) {
    return new ItHttp(base, user);
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  public HttpResponse<String> post(String path, JsonObject body)
      throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
    return send(request(path).DELETE());
  }

  /**
   * Submits a system command to the default context and returns the new job's ID (201 or an
   * AssertionError).
   */
  public String submitSystem(String command) throws IOException, InterruptedException {
    var created =
        post(
            "/api/jobs",
            Json.createObjectBuilder().add("cmd", command).add("cmdType", "system").build());
    if (created.statusCode() != 201) {
      throw new AssertionError(
          "POST /api/jobs at "
              + base
              + " answered "
              + created.statusCode()
              + ": "
              + created.body());
    }
    return json(created.body()).getString("id");
  }

  /** The job's info object, or null when the server answers anything but 200 (404: no such job). */
  public JsonObject info(String id) throws IOException, InterruptedException {
    var response = get("/api/info/" + id);
    return response.statusCode() == 200 ? json(response.body()) : null;
  }

  public static JsonObject json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", ItAccounts.basic(user));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
