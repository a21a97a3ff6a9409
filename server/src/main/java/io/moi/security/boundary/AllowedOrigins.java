package io.moi.security.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which pages may act with a signed-in browser's credentials: the one rule for the websocket
 * handshake and for every request that changes something. SameSite=Lax does not stop a page on
 * another port of the same host, since that is the same site; the browser's Origin and
 * Sec-Fetch-Site headers do tell where a request comes from, and a page cannot forge them. Allowed
 * are the server's own origin, as the request names it, and those in {@code moi.allowed-origins}
 * (formerly {@code moi.ws.allowed-origins}).
 */
@ApplicationScoped
public class AllowedOrigins {

  @Inject
  @ConfigProperty(name = "moi.allowed-origins")
  Optional<String> configured;

  @Inject
  @ConfigProperty(name = "moi.ws.allowed-origins")
  Optional<String> formerName;

  private volatile List<String> listed;

  /**
   * Why the request may not act for the user, or empty when it may. {@code originRequired}: whether
   * a request that says nothing about where it comes from is refused too (a session cookie changing
   * state) or let through (a non-browser client).
   */
  public Optional<String> refusal(HttpServletRequest request, boolean originRequired) {
    String origin = request.getHeader("Origin");
    String site = request.getHeader("Sec-Fetch-Site");
    boolean listedOrigin = origin != null && listed().contains(normal(origin));
    if (origin != null && !listedOrigin && !normal(origin).equals(own(request))) {
      return Optional.of(
          "a page at "
              + origin
              + " may not act for a signed-in user here; allowed: "
              + String.join(", ", allowed(request))
              + " (moi.allowed-origins)");
    }
    if (site != null && !listedOrigin && !site.equals("same-origin") && !site.equals("none")) {
      return Optional.of(
          "the browser says this request comes from another site (Sec-Fetch-Site: "
              + site
              + "); only pages of "
              + String.join(", ", allowed(request))
              + " may act for a signed-in user");
    }
    if (origin == null && site == null && originRequired) {
      return Optional.of(
          "a request that changes something with a session cookie must come from a page"
              + " of this server (the browser's Origin header is missing); API clients use HTTP Basic");
    }
    return Optional.empty();
  }

  /**
   * The server's own origin as the client addressed it: scheme, host and port, default port left
   * out.
   */
  static String own(HttpServletRequest request) {
    String scheme = request.getScheme().toLowerCase(Locale.ROOT);
    String host = request.getHeader("Host");
    if (host == null) {
      return scheme + "://" + request.getServerName() + ":" + request.getServerPort();
    }
    host = host.strip().toLowerCase(Locale.ROOT);
    String defaultPort = scheme.equals("https") ? ":443" : ":80";
    if (host.endsWith(defaultPort)) {
      host = host.substring(0, host.length() - defaultPort.length());
    }
    return scheme + "://" + host;
  }

  private List<String> allowed(HttpServletRequest request) {
    var all = new java.util.ArrayList<String>();
    all.add(own(request));
    listed().stream().filter(o -> !all.contains(o)).forEach(all::add);
    return all;
  }

  private List<String> listed() {
    List<String> known = listed;
    if (known == null) {
      known =
          Arrays.stream(configured.or(() -> formerName).orElse("").split(","))
              .map(AllowedOrigins::normal)
              .filter(o -> !o.isEmpty())
              .toList();
      listed = known;
    }
    return known;
  }

  private static String normal(String origin) {
    String o = origin.strip().toLowerCase(Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }
}
