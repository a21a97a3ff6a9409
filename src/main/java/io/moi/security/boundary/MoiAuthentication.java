package io.moi.security.boundary;

import io.moi.security.control.Accounts;
import io.moi.security.entity.Account;
import io.moi.security.entity.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * One mechanism for both kinds of client, since Jakarta Security 3 allows only one: HTTP
 * Basic on any request that carries it (API clients, the command line), and a login form that
 * starts a session for browsers. Unauthenticated API calls get a JSON 401; pages redirect to
 * the login form.
 */
@ApplicationScoped
public class MoiAuthentication implements HttpAuthenticationMechanism {

  static final String SESSION_USER = "moi.user";
  /** Which password the session was signed in with (a digest of its hash): a new one ends it. */
  static final String SESSION_PASSWORD = "moi.password";
  static final String LOGIN_PAGE = "/login.html";

  @Inject IdentityStoreHandler identities;
  @Inject Accounts accounts;
  @Inject SignedInSessions signedIn;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return basic(header.substring(6).trim(), response, context);
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.equals("/login") && "POST".equals(request.getMethod())) {
      return form(request, context);
    }
    HttpSession session = request.getSession(false);
    String user = attribute(session, SESSION_USER);
    if (user != null) {
      // The account is read afresh, so a change made with bin/moi-users applies at once, even
      // before SignedInSessions has invalidated the sessions it ends (not done here: during
      // authentication the container's session listeners fail on the half-set-up request).
      var account = accounts.account(user).filter(a -> signedInAs(session, a));
      if (account.isPresent()) {
        return context.notifyContainerAboutLogin(() -> user, account.get().roles());
      }
    }
    if (!context.isProtected()) {
      return context.doNothing();
    }
    if (path.startsWith("/api/")) {
      // Scripts of our own pages say so: no Basic challenge for them, or the browser would
      // open its password dialog where the page should send the user to the login form.
      boolean script = "XMLHttpRequest".equals(request.getHeader("X-Requested-With"));
      return unauthorized(response, context, "log in with HTTP Basic authentication", !script);
    }
    return context.redirect(request.getContextPath() + LOGIN_PAGE);
  }

  private AuthenticationStatus basic(
      String encoded, HttpServletResponse response, HttpMessageContext context) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return unauthorized(response, context, "the Authorization header is not valid Base64", true);
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return unauthorized(response, context, "the Authorization header lacks 'user:password'", true);
    }
    var result = identities.validate(
        new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      return unauthorized(response, context, "wrong username or password", true);
    }
    return context.notifyContainerAboutLogin(result);
  }

  private AuthenticationStatus form(HttpServletRequest request, HttpMessageContext context) {
    String username = request.getParameter("username");
    String password = request.getParameter("password");
    if (username != null && password != null) {
      var result = identities.validate(new UsernamePasswordCredential(username, password));
      var account = result.getStatus() == CredentialValidationResult.Status.VALID
          ? accounts.account(result.getCallerPrincipal().getName()) : Optional.<Account>empty();
      // A session serves the pages and the websocket, which all need moi-user.
      if (account.isPresent() && account.get().roles().contains(Roles.USER)) {
        request.getSession(true);
        request.changeSessionId(); // no session fixation
        HttpSession session = request.getSession();
        session.setAttribute(SESSION_USER, account.get().username());
        session.setAttribute(SESSION_PASSWORD, passwordDigest(account.get()));
        signedIn.signedIn(account.get().username(), session);
        return context.notifyContainerAboutLogin(result);
      }
    }
    return context.redirect(request.getContextPath() + LOGIN_PAGE + "?failed");
  }

  /** A session attribute; null when there is none or the session has just been ended. */
  private static String attribute(HttpSession session, String name) {
    try {
      return session == null ? null : (String) session.getAttribute(name);
    } catch (IllegalStateException ended) {
      return null; // ended by another thread (an account change) since this request found it
    }
  }

  /** Whether the account still lets the session in: role moi-user, the same password. */
  private static boolean signedInAs(HttpSession session, Account account) {
    return account.roles().contains(Roles.USER)
        && passwordDigest(account).equals(attribute(session, SESSION_PASSWORD));
  }

  private static String passwordDigest(Account account) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(account.passwordHash().getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AuthenticationStatus unauthorized(
      HttpServletResponse response, HttpMessageContext context, String detail, boolean challenge) {
    try {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      if (challenge) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"moi\", charset=\"UTF-8\"");
      }
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response.getWriter().write(Json.createObjectBuilder()
          .add("status", 401).add("error", "Unauthorized").add("detail", detail).build().toString());
      response.flushBuffer();
    } catch (IOException e) {
      System.getLogger(MoiAuthentication.class.getName())
          .log(System.Logger.Level.DEBUG, "client went away during 401", e);
    }
    return AuthenticationStatus.SEND_FAILURE;
  }
}
