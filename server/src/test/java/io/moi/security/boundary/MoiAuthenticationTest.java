package io.moi.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ServletExchange.MessageContext;
import io.moi.ServletExchange.Request;
import io.moi.ServletExchange.Response;
import io.moi.ServletExchange.Session;
import io.moi.api.SecurityHeaders;
import io.moi.security.control.AccountFile;
import io.moi.security.control.ControlBeans;
import io.moi.security.entity.Account;
import io.moi.security.entity.Caller;
import io.moi.security.entity.Roles;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.AuthenticationStatus;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one authentication mechanism, request by request: what it answers for HTTP Basic, the login
 * form, a signed-in session and nobody at all, and how it holds changes to the allowed origins and
 * brakes wrong passwords. Real accounts in an account file; the container's side is {@link
 * io.moi.ServletExchange}.
 */
class MoiAuthenticationTest {

  private static final String CONTEXT = "/moi";
  private static final String OWN_ORIGIN = "http://moi.example:8080";
  private static final String ALICE_PASSWORD = "alice-password-1";
  private static final String BOB_PASSWORD = "bob-password-1";

  @TempDir Path dir;
  private Instant now = Instant.parse("2026-03-01T10:00:00Z");
  private final MoiAuthentication mechanism = new MoiAuthentication();

  @BeforeEach
  void assemble() throws Exception {
    Path file = dir.resolve("users.properties");
    var accounts = new TreeMap<String, Account>();
    accounts.put(
        "alice",
        new Account(
            "alice", ControlBeans.quickHash(ALICE_PASSWORD), Set.of(Roles.USER, Roles.EXEC)));
    // An API-only account: it may call the API, but gets no browser session.
    accounts.put(
        "bob", new Account("bob", ControlBeans.quickHash(BOB_PASSWORD), Set.of(Roles.EXEC)));
    new AccountFile(file).write(accounts);

    mechanism.accounts = ControlBeans.accounts(file);
    mechanism.identities = ControlBeans.identityStore(mechanism.accounts)::validate;
    mechanism.throttle = ControlBeans.throttle(1, 100, "30s", () -> now);
    mechanism.origins = new AllowedOrigins();
    mechanism.origins.configured = Optional.empty();
    mechanism.origins.formerName = Optional.empty();
    mechanism.signedIn = new SignedInSessions();
    mechanism.signedIn.accounts = mechanism.accounts;
  }

  private record Answer(
      AuthenticationStatus status, Response response, MessageContext context, Request request) {

    JsonObject body() {
      return Json.createReader(new StringReader(response.body())).readObject();
    }
  }

  private Answer validate(Request request, boolean protectedResource) {
    var response = new Response();
    var context = new MessageContext(protectedResource);
    var status =
        mechanism.validateRequest(request.servlet(), response.servlet(), context.servlet());
    return new Answer(status, response, context, request);
  }

  private static Request get(String path) {
    return new Request("GET", CONTEXT, path);
  }

  private static Request post(String path) {
    return new Request("POST", CONTEXT, path);
  }

  private static String basic(String userAndPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }

  private static Request formLogin(String username, String password) {
    return post("/login")
        .header("Origin", OWN_ORIGIN)
        .parameter("username", username)
        .parameter("password", password);
  }

  private void assertSignedIn(Answer answer, String caller, String... groups) {
    assertThat(answer.status()).isEqualTo(AuthenticationStatus.SUCCESS);
    assertThat(answer.context().caller()).isEqualTo(caller);
    assertThat(answer.context().groups()).containsExactlyInAnyOrder(groups);
    // The same caller is left for the REST resources' role questions (KnownRoles).
    assertThat(answer.request().attribute(Callers.ATTRIBUTE))
        .isEqualTo(new Caller(caller, Set.of(groups)));
  }

  private void assertRefused(Answer answer, int status, String detail) {
    assertThat(answer.status()).isEqualTo(AuthenticationStatus.SEND_FAILURE);
    assertThat(answer.context().caller()).isNull();
    assertThat(answer.request().attribute(Callers.ATTRIBUTE)).isNull();
    assertThat(answer.response().status()).isEqualTo(status);
    assertThat(answer.response().committed()).isTrue();
    assertThat(answer.body().getInt("status")).isEqualTo(status);
    assertThat(answer.body().getString("detail")).contains(detail);
  }

  @Test
  void everyAnswerCarriesMoisSecurityHeadersPublicPagesIncluded() {
    var answer = validate(get("/login.html"), false);

    assertThat(answer.response().header("Content-Security-Policy"))
        .isEqualTo(SecurityHeaders.CONTENT_SECURITY_POLICY);
    assertThat(answer.response().header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(answer.response().header("Referrer-Policy")).isEqualTo("same-origin");
  }

  @Test
  void aPublicResourceWithoutCredentialsIsLeftToTheContainer() {
    var answer = validate(get("/login.html"), false);

    assertThat(answer.status()).isEqualTo(AuthenticationStatus.NOT_DONE);
    assertThat(answer.context().nothingDone()).isTrue();
    assertThat(answer.context().redirect()).isNull();
    assertThat(answer.response().status()).isEqualTo(200);
    assertThat(answer.response().body()).isEmpty();
  }

  @Test
  void aPageBehindTheLoginSendsTheBrowserToTheLoginForm() {
    var answer = validate(get("/index.html"), true);

    assertThat(answer.status()).isEqualTo(AuthenticationStatus.SEND_CONTINUE);
    assertThat(answer.context().redirect()).isEqualTo("/moi/login.html");
    assertThat(answer.context().caller()).isNull();
    assertThat(answer.request().attribute(Callers.ATTRIBUTE)).isNull();
  }

  @Test
  void anApiCallWithoutCredentialsGetsAJson401WithABasicChallenge() {
    var answer = validate(get("/api/jobs"), true);

    assertRefused(answer, 401, "log in with HTTP Basic authentication");
    assertThat(answer.response().header("WWW-Authenticate")).startsWith("Basic realm=\"moi\"");
    assertThat(answer.context().redirect()).isNull();
  }

  @Test
  void ourOwnPagesScriptsGetA401WithoutAChallengeSoTheBrowserAsksForNoPassword() {
    var answer = validate(get("/api/jobs").header("X-Requested-With", "XMLHttpRequest"), true);

    assertRefused(answer, 401, "log in with HTTP Basic authentication");
    assertThat(answer.response().header("WWW-Authenticate")).isNull();
  }

  @Test
  void theRightBasicPasswordSignsTheCallerInWithTheRolesOfTheAccount() {
    assertSignedIn(
        validate(get("/api/jobs").header("Authorization", basic("alice:" + ALICE_PASSWORD)), true),
        "alice",
        Roles.USER,
        Roles.EXEC);
    assertSignedIn(
        validate(get("/api/jobs").header("Authorization", basic("bob:" + BOB_PASSWORD)), true),
        "bob",
        Roles.EXEC);
  }

  @Test
  void theBasicSchemeNameIsReadWithoutRegardToCaseAndTheCredentialsWithoutSurroundingBlanks() {
    String credentials = basic("alice:" + ALICE_PASSWORD).substring("Basic ".length());

    assertSignedIn(
        validate(get("/api/jobs").header("Authorization", "bASIC  " + credentials + " "), true),
        "alice",
        Roles.USER,
        Roles.EXEC);
  }

  @Test
  void anotherAuthorizationSchemeIsNotTakenForBasic() {
    String credentials = basic("alice:" + ALICE_PASSWORD).substring("Basic ".length());

    var answer = validate(get("/api/jobs").header("Authorization", "Bearer " + credentials), true);

    assertRefused(answer, 401, "log in with HTTP Basic authentication");
  }

  @Test
  void aWrongBasicPasswordGetsA401WithAChallengeAndSignsNobodyIn() {
    var answer =
        validate(get("/api/jobs").header("Authorization", basic("alice:" + BOB_PASSWORD)), true);

    assertRefused(answer, 401, "wrong username or password");
    assertThat(answer.response().header("WWW-Authenticate")).startsWith("Basic realm=\"moi\"");
  }

  @Test
  void malformedBasicCredentialsGetA401ThatSaysWhatIsWrong() {
    assertRefused(
        validate(get("/api/jobs").header("Authorization", "Basic %%%not-base64"), true),
        401,
        "not valid Base64");
    assertRefused(
        validate(get("/api/jobs").header("Authorization", basic("alice")), true),
        401,
        "lacks 'user:password'");
    assertRefused(
        validate(get("/api/jobs").header("Authorization", basic(":" + ALICE_PASSWORD)), true),
        401,
        "wrong username or password");
  }

  @Test
  void aPasswordMayContainColonsSinceTheNameEndsAtTheFirst() throws Exception {
    Path file = dir.resolve("users.properties");
    var accounts = new AccountFile(file).read();
    accounts.put(
        "carol",
        new Account("carol", ControlBeans.quickHash("pass:with:colons"), Set.of(Roles.USER)));
    new AccountFile(file).write(accounts);

    assertSignedIn(
        validate(get("/api/jobs").header("Authorization", basic("carol:pass:with:colons")), true),
        "carol",
        Roles.USER);
  }

  @Test
  void afterTheFreeWrongPasswordsBasicGets429WithRetryAfterAndNotEvenTheRightPasswordIsChecked() {
    Request wrong = get("/api/jobs").header("Authorization", basic("alice:wrong-password"));
    assertRefused(validate(wrong, true), 401, "wrong username or password");
    assertRefused(validate(wrong, true), 401, "wrong username or password"); // closes alice for 1 s

    var closed =
        validate(get("/api/jobs").header("Authorization", basic("alice:" + ALICE_PASSWORD)), true);

    assertRefused(closed, 429, "try again in 1 s");
    assertThat(closed.response().header("Retry-After")).isEqualTo("1");

    now = now.plus(Duration.ofSeconds(1));
    assertSignedIn(
        validate(get("/api/jobs").header("Authorization", basic("alice:" + ALICE_PASSWORD)), true),
        "alice",
        Roles.USER,
        Roles.EXEC);
  }

  @Test
  void aRightPasswordClearsTheWrongOnesCountedForTheName() {
    Request wrong = get("/api/jobs").header("Authorization", basic("alice:wrong-password"));
    Request right = get("/api/jobs").header("Authorization", basic("alice:" + ALICE_PASSWORD));
    validate(wrong, true);
    assertSignedIn(validate(right, true), "alice", Roles.USER, Roles.EXEC);
    validate(wrong, true);

    assertSignedIn(validate(right, true), "alice", Roles.USER, Roles.EXEC);
  }

  @Test
  void aRightFormPasswordClearsTheWrongOnesCountedForTheName() {
    Request wrong = formLogin("alice", "wrong-password");
    validate(wrong, false);
    assertSignedIn(
        validate(formLogin("alice", ALICE_PASSWORD), false), "alice", Roles.USER, Roles.EXEC);
    assertThat(validate(wrong, false).context().redirect()).isEqualTo("/moi/login.html?failed");

    assertSignedIn(
        validate(formLogin("alice", ALICE_PASSWORD), false), "alice", Roles.USER, Roles.EXEC);
  }

  @Test
  void aChangeFromAnotherSitesPageIsRefusedBeforeAnyPasswordIsChecked() {
    Request foreign =
        post("/api/jobs")
            .header("Origin", "http://evil.example")
            .header("Authorization", basic("alice:wrong-password"));
    for (int i = 0; i < 3; i++) {
      assertRefused(validate(foreign, true), 403, "a page at http://evil.example may not act");
    }

    // None of those wrong passwords was counted: the name is not closed.
    assertSignedIn(
        validate(post("/api/jobs").header("Authorization", basic("alice:" + ALICE_PASSWORD)), true),
        "alice",
        Roles.USER,
        Roles.EXEC);
  }

  @Test
  void readingFromAnotherSitesPageIsNotHeldToTheOrigins() {
    for (String method : new String[] {"GET", "HEAD", "OPTIONS", "TRACE"}) {
      var answer =
          validate(
              new Request(method, CONTEXT, "/api/jobs")
                  .header("Origin", "http://evil.example")
                  .header("Authorization", basic("alice:" + ALICE_PASSWORD)),
              true);
      assertSignedIn(answer, "alice", Roles.USER, Roles.EXEC);
    }
  }

  @Test
  void anApiClientsChangeNeedsNoOriginButASessionsChangeDoes() {
    assertSignedIn(
        validate(post("/api/jobs").header("Authorization", basic("alice:" + ALICE_PASSWORD)), true),
        "alice",
        Roles.USER,
        Roles.EXEC);

    var withCookie = validate(post("/api/jobs").requestedSessionId("some-session"), true);

    assertRefused(withCookie, 403, "Origin header is missing");
  }

  @Test
  void aChangeWithNeitherCredentialsNorCookieIsAskedToLogIn() {
    var answer = validate(post("/api/jobs"), true);

    assertRefused(answer, 401, "log in with HTTP Basic authentication");
  }

  @Test
  void theLoginAndLogoutFormsMustComeFromAPageOfThisServer() {
    var login =
        validate(
            post("/login").parameter("username", "alice").parameter("password", ALICE_PASSWORD),
            false);
    assertRefused(login, 403, "Origin header is missing");
    assertThat(login.context().redirect()).isNull();

    assertRefused(validate(post("/logout"), false), 403, "Origin header is missing");
    assertRefused(
        validate(formLogin("alice", ALICE_PASSWORD).header("Origin", "http://evil.example"), false),
        403,
        "a page at http://evil.example may not act");
  }

  @Test
  void aFormLoginWithTheRightPasswordStartsASessionUnderANewIdThatSignsInLaterRequests() {
    var before = new Session();
    String idBefore = before.id();
    Request login = formLogin("alice", ALICE_PASSWORD).session(before);

    assertSignedIn(validate(login, false), "alice", Roles.USER, Roles.EXEC);

    Session session = login.currentSession();
    assertThat(session).isNotNull();
    assertThat(session.id()).as("no session fixation").isNotEqualTo(idBefore);
    var later = validate(get("/index.html").session(session), true);
    assertSignedIn(later, "alice", Roles.USER, Roles.EXEC);
    assertThat(later.context().redirect()).isNull();
  }

  @Test
  void aWrongFormPasswordGoesBackToTheFormWhichThenSaysHowLongToWait() {
    Request wrong = formLogin("alice", "wrong-password");

    var first = validate(wrong, false);
    assertThat(first.status()).isEqualTo(AuthenticationStatus.SEND_CONTINUE);
    assertThat(first.context().redirect()).isEqualTo("/moi/login.html?failed");
    assertThat(validate(wrong, false).context().redirect())
        .isEqualTo("/moi/login.html?failed&wait=1");

    Request right = formLogin("alice", ALICE_PASSWORD);
    var closed = validate(right, false);
    assertThat(closed.status()).isEqualTo(AuthenticationStatus.SEND_CONTINUE);
    assertThat(closed.context().redirect()).isEqualTo("/moi/login.html?wait=1");
    assertThat(closed.context().caller()).isNull();
    assertThat(right.currentSession()).isNull();
    assertThat(wrong.currentSession()).isNull();
  }

  @Test
  void aFormLoginWithoutNameOrPasswordGoesBackToTheForm() {
    var noPassword = post("/login").header("Origin", OWN_ORIGIN).parameter("username", "alice");
    var noName = post("/login").header("Origin", OWN_ORIGIN).parameter("password", ALICE_PASSWORD);

    for (Request request : new Request[] {noPassword, noName}) {
      var answer = validate(request, false);
      assertThat(answer.status()).isEqualTo(AuthenticationStatus.SEND_CONTINUE);
      assertThat(answer.context().redirect()).isEqualTo("/moi/login.html?failed");
      assertThat(request.currentSession()).isNull();
    }
  }

  @Test
  void anAccountWithoutMoiUserGetsNoBrowserSession() {
    Request login = formLogin("bob", BOB_PASSWORD);

    var answer = validate(login, false);

    assertThat(answer.status()).isEqualTo(AuthenticationStatus.SEND_CONTINUE);
    assertThat(answer.context().redirect()).isEqualTo("/moi/login.html?failed");
    assertThat(answer.context().caller()).isNull();
    assertThat(answer.request().attribute(Callers.ATTRIBUTE)).isNull();
    assertThat(login.currentSession()).isNull();
  }

  @Test
  void aGetOfTheLoginTargetSignsNobodyIn() {
    Request link =
        get("/login").parameter("username", "alice").parameter("password", ALICE_PASSWORD);

    var answer = validate(link, false);

    assertThat(answer.status()).isEqualTo(AuthenticationStatus.NOT_DONE);
    assertThat(answer.context().caller()).isNull();
    assertThat(answer.request().attribute(Callers.ATTRIBUTE)).isNull();
    assertThat(link.currentSession()).isNull();
  }

  @Test
  void aSessionThatNoLongerSignsInIsTreatedAsNobody() throws Exception {
    Request login = formLogin("alice", ALICE_PASSWORD);
    validate(login, false);
    Path file = dir.resolve("users.properties");
    Map<String, Account> accounts = new AccountFile(file).read();
    accounts.put(
        "alice", new Account("alice", accounts.get("alice").passwordHash(), Set.of(Roles.EXEC)));
    new AccountFile(file).write(accounts);

    var answer = validate(get("/index.html").session(login.currentSession()), true);

    assertThat(answer.context().caller()).isNull();
    assertThat(answer.request().attribute(Callers.ATTRIBUTE)).isNull();
    assertThat(answer.context().redirect()).isEqualTo("/moi/login.html");
  }
}
