package io.moi.security.boundary;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The form login's target and the logout link. The login itself happens in {@link
 * MoiAuthentication} before this servlet runs; here the browser is only sent on.
 */
@WebServlet(urlPatterns = {"/login", "/logout"})
public class SessionServlet extends HttpServlet {

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    if (request.getServletPath().equals("/logout")) {
      doGet(request, response);
      return;
    }
    response.sendRedirect(request.getContextPath() + "/");
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    if (request.getServletPath().equals("/logout")) {
      var session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
      request.logout();
      response.sendRedirect(request.getContextPath() + MoiAuthentication.LOGIN_PAGE);
      return;
    }
    response.sendRedirect(request.getContextPath() + MoiAuthentication.LOGIN_PAGE);
  }
}
