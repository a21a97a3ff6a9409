package io.moi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ContainerStandIns;
import io.moi.ContainerStandIns.RecordedResponse;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** URIs (path and query) over the limit are refused with a JSON 414 before anything reads them. */
class UriLimitTest {

  private final RecordedResponse recorded = new RecordedResponse();
  private boolean passedOn;

  private void filter(String uri, String query) throws IOException, ServletException {
    new UriLimit()
        .doFilter(
            ContainerStandIns.servletRequest(uri, query, Map.of()),
            recorded.response(),
            (request, response) -> passedOn = true);
  }

  @Test
  void aPathOfExactlyTheLimitIsPassedOn() throws Exception {
    filter("/" + "p".repeat(UriLimit.MAX_URI - 1), null);

    assertThat(passedOn).isTrue();
    assertThat(recorded.body()).isEmpty();
  }

  @Test
  void aPathOneCharacterOverTheLimitIsA414SayingHowLongItWas() throws Exception {
    filter("/" + "p".repeat(UriLimit.MAX_URI), null);

    assertThat(passedOn).isFalse();
    assertThat(recorded.status()).isEqualTo(414);
    assertThat(ErrorBody.parse(recorded.body()).getString("detail"))
        .isEqualTo("the request URI is 8193 characters long; at most 8192 are accepted");
  }

  @Test
  void theQueryAndItsQuestionMarkCount() throws Exception {
    // 4096 + 1 ("?") + 4095 = 8192: at the limit.
    filter("/" + "p".repeat(4095), "q".repeat(4095));
    assertThat(passedOn).isTrue();

    passedOn = false;
    filter("/" + "p".repeat(4095), "q".repeat(4096));
    assertThat(passedOn).isFalse();
    assertThat(recorded.status()).isEqualTo(414);
    assertThat(ErrorBody.parse(recorded.body()).getString("detail"))
        .startsWith("the request URI is 8193 characters");
  }
}
