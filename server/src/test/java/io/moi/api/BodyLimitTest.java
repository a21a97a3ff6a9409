package io.moi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.ContainerStandIns.FilteredRequest;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Request bodies over moi.api.max-body are refused with a JSON 413. */
class BodyLimitTest {

  private static final int MAX = 10;

  private final BodyLimit limit = limit();

  private static BodyLimit limit() {
    var limit = new BodyLimit();
    limit.maxBody = MAX;
    return limit;
  }

  @Test
  void aBodyWhoseContentLengthIsOverTheLimitIsRefusedBeforeItIsRead() {
    var request = FilteredRequest.of("POST", "application/json", MAX + 1, new byte[MAX + 1]);

    limit.filter(request.context());

    assertThat(request.abortedWith().getStatus()).isEqualTo(413);
    assertThat(ErrorBody.of(request.abortedWith()).getString("detail"))
        .isEqualTo("the request body is larger than " + MAX + " bytes");
  }

  @Test
  void aBodyOfExactlyTheLimitIsReadWhole() throws IOException {
    var request = FilteredRequest.of("POST", "application/json", MAX, bytes(MAX));

    limit.filter(request.context());

    assertThat(request.abortedWith()).isNull();
    assertThat(request.entity().readAllBytes()).isEqualTo(bytes(MAX));
  }

  @Test
  void aChunkedBodyIsCountedWhileItIsReadAndRefusedOnceItPassesTheLimit() throws IOException {
    var request = FilteredRequest.of("POST", "application/json", -1, bytes(MAX + 1));

    limit.filter(request.context());

    assertThat(request.abortedWith()).isNull();
    InputStream body = request.entity();
    assertThat(body.readNBytes(MAX)).isEqualTo(bytes(MAX));
    assertThatThrownBy(() -> body.read(new byte[4], 0, 4))
        .isInstanceOfSatisfying(
            WebApplicationException.class,
            e -> {
              assertThat(e.getResponse().getStatus()).isEqualTo(413);
              assertThat(ErrorBody.of(e.getResponse()).getString("detail"))
                  .contains("larger than " + MAX + " bytes");
            });
  }

  @Test
  void aChunkedBodyReadByteByByteIsCountedToo() throws IOException {
    var request = FilteredRequest.of("POST", "application/json", -1, bytes(MAX + 1));
    limit.filter(request.context());
    InputStream body = request.entity();

    for (int i = 0; i < MAX; i++) {
      assertThat(body.read()).isEqualTo(i);
    }
    assertThatThrownBy(body::read).isInstanceOf(WebApplicationException.class);
  }

  @Test
  void theEndOfAChunkedBodyIsNotCountedAsData() throws IOException {
    var request = FilteredRequest.of("POST", "application/json", -1, bytes(MAX));
    limit.filter(request.context());
    InputStream body = request.entity();

    assertThat(body.readNBytes(MAX)).hasSize(MAX);
    // At the limit already: reading the end again and again must not push it over.
    assertThat(body.read()).isEqualTo(-1);
    assertThat(body.read(new byte[4], 0, 4)).isEqualTo(-1);
    assertThat(body.read()).isEqualTo(-1);
  }

  private static byte[] bytes(int n) {
    byte[] bytes = new byte[n];
    for (int i = 0; i < n; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }
}
