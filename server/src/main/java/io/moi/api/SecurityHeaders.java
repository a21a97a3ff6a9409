package io.moi.api;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers that tell browsers how to treat everything moi sends: no content sniffing, no script,
 * style, frame or connection from anywhere but moi itself (the pages keep their scripts and styles
 * in files for this), and no Referer leaving the site.
 *
 * <p>They are set by the authentication mechanism, which Jakarta Security runs for every request,
 * public pages included, before any servlet filter: a filter would miss the 401s and the redirects
 * to the sign-in form that the mechanism answers itself. The error servlet sets them again, since
 * it writes the whole answer afresh.
 */
public final class SecurityHeaders {

  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; "
          + "style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
          + "base-uri 'none'; form-action 'self'";

  private SecurityHeaders() {}

  public static void apply(HttpServletResponse response) {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("Referrer-Policy", "same-origin");
  }
}
