package io.moi.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The session cookie gets SameSite=Lax on servers that leave the configured attribute out. */
class SessionCookieTest {

  @Test
  void theSessionsCookieWithoutSameSiteGetsLax() {
    assertThat(
            SessionCookie.withSameSite(
                List.of("JSESSIONID=abc123; Path=/; HttpOnly", "other=abc123x; Path=/"), "abc123"))
        .containsExactly(
            "JSESSIONID=abc123; Path=/; HttpOnly; SameSite=Lax", "other=abc123x; Path=/");
  }

  @Test
  void aCookieThatHasSameSiteAlreadyKeepsIt() {
    var cookies = List.of("JSESSIONID=abc123; Path=/; HttpOnly; SameSite=Lax");
    assertThat(SessionCookie.withSameSite(cookies, "abc123")).isEqualTo(cookies);
    var strict = List.of("id=abc123; samesite=Strict");
    assertThat(SessionCookie.withSameSite(strict, "abc123")).isEqualTo(strict);
  }

  @Test
  void otherCookiesAndAnotherSessionsCookieAreLeftAlone() {
    var cookies = List.of("JSESSIONID=old; Path=/", "theme=abc1234; Path=/", "broken");
    assertThat(SessionCookie.withSameSite(cookies, "abc123")).isEqualTo(cookies);
  }
}
