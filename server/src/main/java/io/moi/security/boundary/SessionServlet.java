package io.moi.security.boundary;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The form login's target and the log-out button's. The login itself happens in {@link
 * MoiAuthentication} before this servlet runs, which also holds both POSTs to the allowed origins;
 * here the browser is only sent on. Logging out is a POST: a link or an image on any page could
 * otherwise sign the user out.
 */
@WebServlet(urlPatterns = {"/login", "/logout"})
public class SessionServlet extends HttpServlet {

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    if (request.getServletPath().equals("/logout")) {
      var session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
      request.logout();
    }
    String next = request.getServletPath().equals("/logout") ? MoiAuthentication.LOGIN_PAGE : "/";
    response.sendRedirect(request.getContextPath() + next);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (request.getServletPath().equals("/logout")) {
      response.setHeader("Allow", "POST");
      Refusals.send(
          response,
          HttpServletResponse.SC_METHOD_NOT_ALLOWED,
          "log out with POST /logout (the Log out button); a GET changes nothing");
      return;
    }
    response.sendRedirect(request.getContextPath() + MoiAuthentication.LOGIN_PAGE);
  }
}
