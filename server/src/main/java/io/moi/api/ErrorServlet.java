package io.moi.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The container's own error answers (security constraints, unknown paths) as JSON. */
@WebServlet("/error")
public class ErrorServlet extends HttpServlet {

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : 404;
    String detail =
        switch (status) {
          case 400 -> "the request is malformed";
          case 401 -> "log in first";
          case 403 -> "your account lacks the role this needs";
          case 404 -> "no such resource";
          case 500 -> "internal error; the server log has the details";
          default -> null;
        };
    ApiError.write(response, status, detail);
  }
}
