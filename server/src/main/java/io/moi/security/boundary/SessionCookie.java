package io.moi.security.boundary;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Locale;

/**
 * {@code SameSite=Lax} on the session cookie, on every server. Payara and WildFly apply the
 * cookie's attributes of the Servlet 6 API set here (Payara also reads them from {@code web.xml});
 * GlassFish 8 ignores them, so the form login adds the attribute to the cookie the container has
 * just set when it lacks one ({@link #ensureSameSite}).
 */
@WebListener
public class SessionCookie implements ServletContextListener {

  static final String SAME_SITE = "SameSite";
  static final String LAX = "Lax";
  private static final String SET_COOKIE = "Set-Cookie";

  @Override
  public void contextInitialized(ServletContextEvent event) {
    var config = event.getServletContext().getSessionCookieConfig();
    if (config.getAttribute(SAME_SITE) == null) {
      config.setAttribute(SAME_SITE, LAX);
    }
  }

  /**
   * Called once the session of a sign-in exists, so that the container has set its cookie: adds the
   * attribute to that cookie when the container left it out.
   */
  static void ensureSameSite(HttpSession session, HttpServletResponse response) {
    List<String> cookies = List.copyOf(response.getHeaders(SET_COOKIE));
    List<String> fixed = withSameSite(cookies, session.getId());
    if (fixed.equals(cookies)) {
      return;
    }
    response.setHeader(SET_COOKIE, fixed.get(0));
    fixed.stream().skip(1).forEach(cookie -> response.addHeader(SET_COOKIE, cookie));
  }

  /**
   * The Set-Cookie values with {@code SameSite=Lax} added to the session's cookie (the one whose
   * value is the session ID, whatever its name) where it lacks the attribute.
   */
  static List<String> withSameSite(List<String> setCookies, String sessionId) {
    return setCookies.stream()
        .map(cookie -> isSessionCookie(cookie, sessionId) ? withLax(cookie) : cookie)
        .toList();
  }

  private static boolean isSessionCookie(String cookie, String sessionId) {
    int equals = cookie.indexOf('=');
    return equals > 0 && cookie.substring(equals + 1).split(";", 2)[0].equals(sessionId);
  }

  private static String withLax(String cookie) {
    return cookie.toLowerCase(Locale.ROOT).contains("samesite=")
        ? cookie
        : cookie + "; " + SAME_SITE + "=" + LAX;
  }
}
