package io.moi.live.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a websocket handshake before the upgrade unless it comes from a logged-in user and,
 * when it carries an Origin (browsers always do), from an allowed origin: by default the
 * server's own, which stops other sites from riding on the session cookie.
 */
@WebFilter("/moi-ws/*")
public class SocketGuard extends HttpFilter {

  private static final Logger LOG = System.getLogger(SocketGuard.class.getName());

  @Inject
  @ConfigProperty(name = "moi.ws.allowed-origins")
  Optional<String> allowedOrigins;

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getUserPrincipal() == null) {
      response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
      return;
    }
    String origin = request.getHeader("Origin");
    if (origin != null && !allowed(origin, request)) {
      LOG.log(Level.WARNING, "Refused a websocket handshake of {0} from origin {1}",
          request.getUserPrincipal().getName(), origin);
      response.sendError(HttpServletResponse.SC_FORBIDDEN);
      return;
    }
    chain.doFilter(request, response);
  }

  private boolean allowed(String origin, HttpServletRequest request) {
    List<String> listed = allowedOrigins.map(s -> Arrays.stream(s.split(",")).map(String::strip)
        .filter(o -> !o.isEmpty()).toList()).orElse(List.of());
    if (!listed.isEmpty()) {
      return listed.contains(origin);
    }
    String host = request.getHeader("Host");
    return host != null
        && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
  }
}
