package io.moi.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses a request URI (path and query) longer than {@value #MAX_URI} characters with a JSON 414.
 * The HTTP listener accepts request heads of up to 64 KiB (pre-boot commands), so that long URIs
 * get here and this answer rather than the listener's bodiless 400.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class UriLimit extends HttpFilter {

  static final int MAX_URI = 8192;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String query = request.getQueryString();
    int length = request.getRequestURI().length() + (query == null ? 0 : query.length() + 1);
    if (length > MAX_URI) {
      ApiError.write(
          response,
          414,
          "the request URI is "
              + length
              + " characters long; at most "
              + MAX_URI
              + " are accepted");
      return;
    }
    chain.doFilter(request, response);
  }
}
