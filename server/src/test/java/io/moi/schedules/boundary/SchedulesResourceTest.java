package io.moi.schedules.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.moi.Bindings;
import io.moi.LocalRedis;
import io.moi.PlainExecutor;
import io.moi.jobs.boundary.Jobs;
import io.moi.jobs.boundary.TestJobs;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import io.moi.redis.TestRedis;
import io.moi.schedules.control.Schedules;
import io.moi.schedules.control.TestSchedules;
import io.moi.schedules.control.UnknownScheduleException;
import io.moi.security.entity.Roles;
import io.moi.tree.control.TestNodes;
import io.moi.tree.control.UnknownNodeException;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /api/schedules as callers with different roles, over a real Redis. */
class SchedulesResourceTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static final String NIGHTLY =
      "{\"name\": \"nightly\", \"cron\": \"30 2 * * *\", \"zone\": \"Europe/Paris\", \"cmd\": \"echo hi\", "
          + "\"cmdType\": \"system\", \"maxAttempts\": 3, \"backoff\": \"10s\"}";

  private final TestSchedules.Clock clock =
      new TestSchedules.Clock(Instant.parse("2026-12-03T10:00:00Z"));
  private Redis connections;
  private PlainExecutor pool;
  private Jobs jobs;
  private Schedules schedules;
  private SchedulesResource resource;

  @BeforeAll
  static void bindExecutor() {
    Bindings.install();
  }

  @AfterAll
  static void unbindExecutor() {
    Bindings.uninstall();
  }

  @BeforeEach
  void buildResource() {
    connections = TestRedis.open(REDIS.url());
    pool = new PlainExecutor(1);
    Bindings.bind("concurrent/moi-default", pool);
    var nodes = TestNodes.open(REDIS.client(), connections, pool);
    var users = TestNodes.users(nodes);
    jobs = TestJobs.queueing(nodes, users, REDIS.client());
    schedules = TestSchedules.schedules(REDIS.client(), connections, clock);
    resource = new SchedulesResource();
    resource.schedules = schedules;
    resource.jobs = jobs;
    resource.access = TestNodes.access(nodes, users);
    resource.uri = baseUri("http://moi.example/api/");
  }

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(30, TimeUnit.SECONDS);
    TestRedis.close(connections);
  }

  private static UriInfo baseUri(String base) {
    return (UriInfo)
        Proxy.newProxyInstance(
            UriInfo.class.getClassLoader(),
            new Class<?>[] {UriInfo.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getBaseUriBuilder")) {
                return UriBuilder.fromUri(base);
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private SchedulesResource as(String name, String... roles) {
    Set<String> held = Set.of(roles);
    resource.security =
        new SecurityContext() {
          @Override
          public Principal getUserPrincipal() {
            return () -> name;
          }

          @Override
          public boolean isUserInRole(String role) {
            return held.contains(role);
          }

          @Override
          public boolean isSecure() {
            return true;
          }

          @Override
          public String getAuthenticationScheme() {
            return SecurityContext.BASIC_AUTH;
          }
        };
    return resource;
  }

  private SchedulesResource alice() {
    return as("alice", Roles.USER, Roles.EXEC);
  }

  private static JsonObject json(Object entity) {
    try (var reader = JsonProvider.provider().createReader(new StringReader((String) entity))) {
      return reader.readObject();
    }
  }

  private JsonObject create(SchedulesResource caller, String body) {
    Response response =
        caller.create(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    assertThat(response.getStatus()).isEqualTo(201);
    JsonObject created = json(response.getEntity());
    assertThat(response.getLocation())
        .hasToString("http://moi.example/api/schedules/" + created.getString("id"));
    return created;
  }

  @Test
  void aScheduleIsStoredWithItsNextTimeInItsZoneAndListedForItsOwner() {
    JsonObject created = create(alice(), NIGHTLY);

    assertThat(created.getString("owner")).isEqualTo("alice");
    assertThat(created.getString("parent")).isEqualTo(jobs.userGroup("alice"));
    assertThat(created.getString("cron")).isEqualTo("30 2 * * *");
    assertThat(created.getString("zone")).isEqualTo("Europe/Paris");
    assertThat(created.getInt("maxAttempts")).isEqualTo(3);
    assertThat(created.getString("backoff")).isEqualTo("PT10S");
    assertThat(created.getBoolean("paused")).isFalse();
    // 02:30 in Paris, winter time (UTC+1), the next day.
    assertThat(created.getString("next")).isEqualTo("2026-12-04 01:30:00 UTC");
    assertThat(created.isNull("last")).isTrue();
    assertThat(created.getString("created")).isEqualTo("2026-12-03 10:00:00 UTC");
    String id = created.getString("id");
    assertThat(REDIS.client().zscore(RedisKeys.SCHEDULES_DUE, id))
        .isEqualTo((double) Instant.parse("2026-12-04T01:30:00Z").toEpochMilli());
    assertThat(REDIS.client().ttl(RedisKeys.schedule(id))).isEqualTo(-1);

    assertThat(json(alice().list(null)).getJsonArray("schedules")).containsExactly(created);
    assertThat(json(alice().get(id))).isEqualTo(created);
    assertThat(json(as("bob", Roles.USER).list(null)).getJsonArray("schedules")).isEmpty();
  }

  @Test
  void pauseTakesAScheduleOutOfTheDueTimesAndResumeGoesOnFromNow() {
    String id =
        create(alice(), "{\"cron\": \"*/5 * * * *\", \"cmd\": \"return 1\"}").getString("id");

    JsonObject paused = json(alice().pause(id));
    assertThat(paused.getBoolean("paused")).isTrue();
    assertThat(paused.isNull("next")).isTrue();
    assertThat(REDIS.client().zscore(RedisKeys.SCHEDULES_DUE, id)).isNull();

    clock.set(Instant.parse("2026-12-03T11:02:00Z"));
    JsonObject resumed = json(alice().resume(id));
    assertThat(resumed.getBoolean("paused")).isFalse();
    assertThat(resumed.getString("next")).isEqualTo("2026-12-03 11:05:00 UTC");
    assertThat(REDIS.client().zscore(RedisKeys.SCHEDULES_DUE, id)).isNotNull();
    assertThat(json(alice().get(id))).isEqualTo(resumed);
  }

  @Test
  void deleteRemovesEveryTraceOfTheSchedule() {
    String id = create(alice(), NIGHTLY).getString("id");

    assertThat(alice().delete(id).getStatus()).isEqualTo(204);

    assertThat(REDIS.client().exists(RedisKeys.schedule(id))).isFalse();
    assertThat(REDIS.client().zscore(RedisKeys.SCHEDULES_DUE, id)).isNull();
    assertThat(REDIS.client().smembers(RedisKeys.schedulesOf("alice"))).isEmpty();
    assertThat(catchThrowable(() -> alice().get(id))).isInstanceOf(UnknownScheduleException.class);
  }

  @Test
  void anotherUsersScheduleAnswersLikeOneThatDoesNotExistButAnAdminSeesIt() {
    String id = create(alice(), NIGHTLY).getString("id");
    var bob = as("bob", Roles.USER, Roles.EXEC);

    for (Runnable call :
        new Runnable[] {
          () -> bob.get(id),
          () -> bob.pause(id),
          () -> bob.resume(id),
          () -> bob.delete(id),
          () -> bob.get("no-such-id")
        }) {
      assertThat(catchThrowable(call::run))
          .isInstanceOf(UnknownNodeException.class)
          .hasMessageStartingWith("no schedule with ID '");
    }
    assertThat(json(alice().get(id)).getBoolean("paused")).isFalse();
    assertThat(REDIS.client().exists(RedisKeys.schedule(id))).isTrue();
    assertThat(catchThrowable(() -> as("bob", Roles.USER).list("alice")))
        .isInstanceOf(ForbiddenException.class);

    var admin = as("root", Roles.USER, Roles.ADMIN);
    assertThat(json(admin.list("alice")).getJsonArray("schedules")).hasSize(1);
    assertThat(json(admin.pause(id)).getBoolean("paused")).isTrue();
  }

  @Test
  void badCronZoneAndFieldsAreRefusedNamingTheField() {
    String[][] cases = {
      {"{\"cron\": \"61 * * * *\", \"cmd\": \"return 1\"}", "field 'cron'"},
      {"{\"cron\": \"* * * *\", \"cmd\": \"return 1\"}", "field 'cron'"},
      {"{\"cmd\": \"return 1\"}", "field 'cron' is required"},
      {
        "{\"cron\": \"* * * * *\", \"zone\": \"Mars/Olympus\", \"cmd\": \"return 1\"}",
        "field 'zone'"
      },
      {"{\"cron\": \"* * * * *\"}", "field 'cmd' is required"},
      {"{\"cron\": \"* * * * *\", \"cmd\": \"x\", \"cmdType\": \"cobol\"}", "field 'cmdType'"},
      {"{\"cron\": \"* * * * *\", \"cmd\": \"x\", \"maxAttempts\": 0}", "field 'maxAttempts'"},
      {"{\"cron\": \"* * * * *\", \"cmd\": \"x\", \"backoff\": \"soon\"}", "field 'backoff'"},
      {"{\"cron\": \"* * * * *\", \"cmd\": \"x\", \"context\": \"gpu\"}", "field 'context'"},
      {"{\"cron\": \"* * * * *\", \"cmd\": \"x\", \"user\": \"bob\"}", "unknown field 'user'"},
    };
    for (String[] c : cases) {
      Throwable refused =
          catchThrowable(
              () ->
                  alice().create(new ByteArrayInputStream(c[0].getBytes(StandardCharsets.UTF_8))));
      assertThat(refused)
          .as(c[0])
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(c[1]);
    }
    assertThat(REDIS.client().keys("moi:schedule*")).isEmpty();
  }

  @Test
  void creatingNeedsTheExecRoleAndAParentInTheCallersTree() {
    assertThat(catchThrowable(() -> create(as("alice", Roles.USER), NIGHTLY)))
        .isInstanceOf(ForbiddenException.class);
    String bobs = jobs.createGroup("private", jobs.userGroup("bob"));
    String alices = jobs.createGroup("reports", jobs.userGroup("alice"));

    assertThat(
            catchThrowable(
                () ->
                    create(
                        alice(),
                        "{\"cron\": \"* * * * *\", \"cmd\": \"x\", \"parent\": \"" + bobs + "\"}")))
        .isInstanceOf(UnknownNodeException.class)
        .hasMessage("no group with ID '" + bobs + "'");
    assertThat(
            create(
                    alice(),
                    "{\"cron\": \"* * * * *\", \"cmd\": \"x\", \"parent\": \"" + alices + "\"}")
                .getString("parent"))
        .isEqualTo(alices);
  }
}
