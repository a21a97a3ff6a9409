package io.moi.jobs.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.moi.Bindings;
import io.moi.LocalRedis;
import io.moi.PlainExecutor;
import io.moi.jobs.control.TestJobBeans;
import io.moi.jobs.entity.JobStatus;
import io.moi.redis.Redis;
import io.moi.redis.TestRedis;
import io.moi.security.entity.Roles;
import io.moi.tree.control.Nodes;
import io.moi.tree.control.TestNodes;
import io.moi.tree.control.UnknownNodeException;
import io.moi.tree.entity.Info;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /api/jobs as callers with different roles, over a real Redis. */
class JobsResourceTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private Redis connections;
  private PlainExecutor scheduler;
  private PlainExecutor executor;
  private Nodes nodes;
  private Jobs jobs;
  private io.moi.jobs.control.ClusterNode node;
  private JobsResource resource;

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
    scheduler = new PlainExecutor(1);
    executor = new PlainExecutor(1);
    Bindings.bind("concurrent/moi-default", executor);
    nodes = TestNodes.open(REDIS.client(), connections, scheduler);
    var settings = TestJobBeans.defaultSettings();
    var codeJobs = TestJobBeans.codeJobs(settings);
    var users = TestNodes.users(nodes);
    jobs = new Jobs();
    jobs.nodes = nodes;
    jobs.users = users;
    jobs.groups = TestNodes.groups(nodes, users);
    var nodeSettings = TestJobBeans.nodeSettings(settings);
    jobs.portable = TestJobBeans.portable(nodes, REDIS.client(), nodeSettings);
    jobs.results = TestJobBeans.results();
    jobs.contexts = TestJobBeans.contexts(settings);
    jobs.runner = TestJobBeans.runner(nodes, codeJobs, scheduler, REDIS.client(), nodeSettings);
    node =
        TestJobBeans.startedNode(
            jobs.runner, jobs.contexts, nodes, REDIS.client(), connections, scheduler);
    resource = new JobsResource();
    resource.jobs = jobs;
    resource.access = TestNodes.access(nodes, users);
    resource.users = users;
    resource.uri = baseUri("http://moi.example/api/");
  }

  @AfterEach
  void stop() throws InterruptedException {
    TestJobBeans.stop(node);
    for (var pool : List.of(executor, scheduler)) {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
    TestRedis.close(connections);
  }

  /** The request's URI as JAX-RS gives it: only its base is used. */
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

  private static SecurityContext caller(String name, String... roles) {
    Set<String> held = Set.of(roles);
    return new SecurityContext() {
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
  }

  private Response submit(SecurityContext caller, String json) {
    resource.security = caller;
    return resource.submit(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  private Info created(Response response) {
    assertThat(response.getStatus()).isEqualTo(201);
    Info info = Info.fromJson((String) response.getEntity());
    assertThat(response.getLocation()).hasToString("http://moi.example/api/info/" + info.id());
    return info;
  }

  private Info ended(String id) throws InterruptedException {
    TestJobBeans.eventually(
        () -> nodes.find(id).map(job -> JobStatus.isTerminal(job.status())).orElse(false),
        "job " + id + " ends");
    return nodes.find(id).orElseThrow();
  }

  @Test
  void anExecutorsCommandRunsInTheirOwnTreeAndIsAnsweredWithItsLocation() throws Exception {
    Info job =
        created(
            submit(
                caller("alice", Roles.USER, Roles.EXEC),
                "{\"cmd\": \"echo hi\", \"cmdType\": \"system\", \"name\": \"greeting\"}"));

    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job.nameText()).isEqualTo("greeting");
    assertThat(job.parent()).isEqualTo(jobs.userGroup("alice"));
    assertThat(ended(job.id()).result()).hasToString("[\"hi\\n\",\"\",0]");
  }

  @Test
  void aCallerWithoutTheExecRoleMaySubmitNothing() {
    Throwable refused =
        catchThrowable(
            () ->
                submit(
                    caller("alice", Roles.USER),
                    "{\"cmd\": \"echo hi\", \"cmdType\": \"system\"}"));

    assertThat(refused)
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("submitting code needs the role moi-exec");
    assertThat(nodes.children(jobs.userGroup("alice"))).isEmpty();
  }

  @Test
  void onlyAnAdminMaySubmitForAnotherUserAndTheJobIsThatUsers() {
    Throwable refused =
        catchThrowable(
            () ->
                submit(
                    caller("alice", Roles.USER, Roles.EXEC),
                    "{\"cmd\": \"echo hi\", \"cmdType\": \"system\", \"user\": \"bob\"}"));
    assertThat(refused)
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("only moi-admin may submit jobs for another user");

    Info job =
        created(
            submit(
                caller("root", Roles.USER, Roles.EXEC, Roles.ADMIN),
                "{\"cmd\": \"echo hi\", \"cmdType\": \"system\", \"user\": \"bob\"}"));
    assertThat(job.parent()).isEqualTo(jobs.userGroup("bob"));
    assertThat(
            created(
                    submit(
                        caller("alice", Roles.USER, Roles.EXEC),
                        "{\"cmd\": \"echo hi\", \"cmdType\": \"system\", \"user\": \"alice\"}"))
                .parent())
        .isEqualTo(jobs.userGroup("alice"));
  }

  @Test
  void aJobMayGoIntoAGroupOfTheOwnersTreeOnly() {
    String aliceGroup = jobs.createGroup("reports", jobs.userGroup("alice"));
    String bobGroup = jobs.createGroup("private", jobs.userGroup("bob"));
    var alice = caller("alice", Roles.USER, Roles.EXEC);
    var admin = caller("root", Roles.USER, Roles.EXEC, Roles.ADMIN);

    assertThat(
            created(
                    submit(
                        alice,
                        "{\"cmd\": \"true\", \"cmdType\": \"system\", \"parent\": \""
                            + aliceGroup
                            + "\"}"))
                .parent())
        .isEqualTo(aliceGroup);
    assertThat(
            catchThrowable(
                () ->
                    submit(
                        alice,
                        "{\"cmd\": \"true\", \"cmdType\": \"system\", \"parent\": \""
                            + bobGroup
                            + "\"}")))
        .isInstanceOf(UnknownNodeException.class)
        .hasMessage("no group with ID '" + bobGroup + "'");
    // An admin sees every group, but a job for bob still goes into bob's tree only.
    assertThat(
            catchThrowable(
                () ->
                    submit(
                        admin,
                        "{\"cmd\": \"true\", \"cmdType\": \"system\", \"user\": \"bob\", \"parent\": \""
                            + aliceGroup
                            + "\"}")))
        .isInstanceOf(UnknownNodeException.class);
    assertThat(
            created(
                    submit(
                        admin,
                        "{\"cmd\": \"true\", \"cmdType\": \"system\", \"user\": \"bob\", \"parent\": \""
                            + bobGroup
                            + "\"}"))
                .parent())
        .isEqualTo(bobGroup);
    assertThat(nodes.children(bobGroup)).hasSize(1);
    assertThat(nodes.children(aliceGroup)).hasSize(1);
  }
}
