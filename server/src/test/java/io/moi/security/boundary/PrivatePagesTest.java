package io.moi.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ServletExchange.Request;
import io.moi.ServletExchange.Response;
import org.junit.jupiter.api.Test;

class PrivatePagesTest {

  @Test
  void aPrivatePageIsNeverShownFromTheCacheAndStillServed() throws Exception {
    var response = new Response();
    var passedOn = new boolean[1];

    new PrivatePages()
        .doFilter(
            new Request("GET", "", "/index.html").servlet(),
            response.servlet(),
            (request, answer) -> passedOn[0] = true);

    assertThat(response.header("Cache-Control")).isEqualTo("no-cache, private");
    assertThat(passedOn[0]).isTrue();
  }
}
