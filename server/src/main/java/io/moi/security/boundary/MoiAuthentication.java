package io.moi.security.boundary;

import io.moi.api.SecurityHeaders;
import io.moi.security.control.Accounts;
import io.moi.security.control.LoginThrottle;
import io.moi.security.entity.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * One mechanism for both kinds of client, since Jakarta Security 3 allows only one: HTTP Basic on
 * any request that carries it (API clients, the command line), and a login form that starts a
 * session for browsers. Unauthenticated API calls get a JSON 401; pages redirect to the login form.
 * It runs before anything else sees a request, so it is also where requests that change something
 * are held to the allowed origins (a form login included, or another site could sign a browser in
 * to an account of its choosing), and where wrong passwords are braked.
 */
@ApplicationScoped
public class MoiAuthentication implements HttpAuthenticationMechanism {

  private static final Logger LOG = System.getLogger(MoiAuthentication.class.getName());
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  static final String LOGIN_PAGE = "/login.html";

  @Inject IdentityStoreHandler identities;
  @Inject Accounts accounts;
  @Inject AllowedOrigins origins;
  @Inject LoginThrottle throttle;
  @Inject SignedInSessions signedIn;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    // Every request passes here first, before any filter (see SecurityHeaders).
    SecurityHeaders.apply(response);
    String header = request.getHeader("Authorization");
    boolean basic = header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
    String path = request.getRequestURI().substring(request.getContextPath().length());
    boolean session =
        path.equals("/login") || path.equals("/logout") || request.getRequestedSessionId() != null;
    if (!SAFE_METHODS.contains(request.getMethod())) {
      // Basic without Origin is an API client; with Origin it may be a browser replaying
      // cached credentials for another site, which the check refuses too.
      var refusal = origins.refusal(request, session && !basic);
      if (refusal.isPresent()) {
        LOG.log(Level.WARNING, "Refused {0} {1}: {2}", request.getMethod(), path, refusal.get());
        Refusals.send(response, HttpServletResponse.SC_FORBIDDEN, refusal.get());
        return AuthenticationStatus.SEND_FAILURE;
      }
    }
    if (basic) {
      return basic(header.substring(6).trim(), request, response, context);
    }
    if (path.equals("/login") && "POST".equals(request.getMethod())) {
      return form(request, response, context);
    }
    var account = signedIn.account(request.getSession(false));
    if (account.isPresent()) {
      Callers.remember(request, account.get().username(), account.get().roles());
      return context.notifyContainerAboutLogin(account.get()::username, account.get().roles());
    }
    if (!context.isProtected()) {
      return context.doNothing();
    }
    if (path.startsWith("/api/")) {
      // Scripts of our own pages say so: no Basic challenge for them, or the browser would
      // open its password dialog where the page should send the user to the login form.
      boolean script = "XMLHttpRequest".equals(request.getHeader("X-Requested-With"));
      return Refusals.unauthorized(response, "log in with HTTP Basic authentication", !script);
    }
    return context.redirect(request.getContextPath() + LOGIN_PAGE);
  }

  private AuthenticationStatus basic(
      String encoded,
      HttpServletRequest request,
      HttpServletResponse response,
      HttpMessageContext context) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Refusals.unauthorized(response, "the Authorization header is not valid Base64", true);
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Refusals.unauthorized(
          response, "the Authorization header lacks 'user:password'", true);
    }
    String username = decoded.substring(0, colon);
    String address = request.getRemoteAddr();
    Duration wait = throttle.wait(username, address);
    if (!wait.isZero()) {
      return Refusals.tooManyAttempts(response, wait);
    }
    var result =
        identities.validate(new UsernamePasswordCredential(username, decoded.substring(colon + 1)));
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      throttle.failed(username, address);
      return Refusals.unauthorized(response, "wrong username or password", true);
    }
    throttle.succeeded(username);
    Callers.remember(request, result.getCallerPrincipal().getName(), result.getCallerGroups());
    return context.notifyContainerAboutLogin(result);
  }

  private AuthenticationStatus form(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    String username = request.getParameter("username");
    String password = request.getParameter("password");
    String loginPage = request.getContextPath() + LOGIN_PAGE;
    if (username == null || password == null) {
      return context.redirect(loginPage + "?failed");
    }
    String address = request.getRemoteAddr();
    Duration wait = throttle.wait(username, address);
    if (!wait.isZero()) {
      return context.redirect(loginPage + "?wait=" + Refusals.seconds(wait));
    }
    var result = identities.validate(new UsernamePasswordCredential(username, password));
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      Duration next = throttle.failed(username, address);
      return context.redirect(
          loginPage + "?failed" + (next.isZero() ? "" : "&wait=" + Refusals.seconds(next)));
    }
    throttle.succeeded(username);
    // A session serves the pages and the websocket, which all need moi-user.
    var account =
        accounts
            .account(result.getCallerPrincipal().getName())
            .filter(a -> a.roles().contains(Roles.USER));
    if (account.isEmpty()) {
      return context.redirect(loginPage + "?failed");
    }
    signedIn.start(request, account.get());
    SessionCookie.ensureSameSite(request.getSession(), response);
    Callers.remember(request, result.getCallerPrincipal().getName(), result.getCallerGroups());
    return context.notifyContainerAboutLogin(result);
  }
}
