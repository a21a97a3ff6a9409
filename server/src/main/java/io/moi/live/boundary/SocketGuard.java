package io.moi.live.boundary;

import io.moi.security.boundary.AllowedOrigins;
import io.moi.security.boundary.Refusals;
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

/**
 * Refuses a websocket handshake before the upgrade unless it comes from a logged-in user and, when
 * it carries an Origin (browsers always do), from an allowed origin ({@link AllowedOrigins}, the
 * same rule as for requests that change something): by default the server's own, which stops other
 * sites from riding on the session cookie.
 */
@WebFilter("/moi-ws/*")
public class SocketGuard extends HttpFilter {

  private static final Logger LOG = System.getLogger(SocketGuard.class.getName());

  @Inject AllowedOrigins origins;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getUserPrincipal() == null) {
      response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
      return;
    }
    // A client that names no origin is not a browser, so no other site is behind it.
    var refusal = origins.refusal(request, false);
    if (refusal.isPresent()) {
      LOG.log(
          Level.WARNING,
          "Refused a websocket handshake of {0} from origin {1}: {2}",
          request.getUserPrincipal().getName(),
          request.getHeader("Origin"),
          refusal.get());
      Refusals.send(response, HttpServletResponse.SC_FORBIDDEN, refusal.get());
      return;
    }
    chain.doFilter(request, response);
  }
}
