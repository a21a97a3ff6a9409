package io.moi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ContainerStandIns;
import io.moi.ContainerStandIns.RecordedResponse;
import jakarta.json.JsonObject;
import jakarta.servlet.RequestDispatcher;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The container's own error answers, written as moi's JSON error with its security headers. */
class ErrorServletTest {

  private final RecordedResponse recorded = new RecordedResponse();

  private JsonObject serve(Map<String, Object> attributes) throws IOException {
    new ErrorServlet()
        .service(ContainerStandIns.servletRequest("/error", null, attributes), recorded.response());
    return ErrorBody.parse(recorded.body());
  }

  private JsonObject serve(int status) throws IOException {
    return serve(Map.of(RequestDispatcher.ERROR_STATUS_CODE, status));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "400 | Bad Request | the request is malformed",
        "401 | Unauthorized | log in first",
        "403 | Forbidden | your account lacks the role this needs",
        "404 | Not Found | no such resource",
        "500 | Internal Server Error | internal error; the server log has the details"
      })
  void eachStatusTheContainerAnswersGetsADetailThatSaysWhatToDo(
      int status, String error, String detail) throws IOException {
    JsonObject body = serve(status);

    assertThat(recorded.status()).isEqualTo(status);
    assertThat(body.getInt("status")).isEqualTo(status);
    assertThat(body.getString("error")).isEqualTo(error);
    assertThat(body.getString("detail")).isEqualTo(detail);
  }

  @Test
  void anErrorWithoutAStatusIsANotFound() throws IOException {
    JsonObject body = serve(Map.of());

    assertThat(recorded.status()).isEqualTo(404);
    assertThat(body.getString("error")).isEqualTo("Not Found");
    assertThat(body.getString("detail")).isEqualTo("no such resource");
  }

  @Test
  void anotherStatusRepeatsItsReasonPhraseAsTheDetail() throws IOException {
    JsonObject body = serve(405);

    assertThat(recorded.status()).isEqualTo(405);
    assertThat(body.getString("error")).isEqualTo("Method Not Allowed");
    assertThat(body.getString("detail")).isEqualTo("Method Not Allowed");
  }

  @Test
  void theAnswerIsWholeJsonInUtf8WithTheSecurityHeaders() throws IOException {
    serve(401);

    assertThat(recorded.wasReset()).isTrue();
    assertThat(recorded.contentType()).isEqualTo("application/json");
    assertThat(recorded.encoding()).isEqualTo("UTF-8");
    assertThat(recorded.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(recorded.header("Content-Security-Policy"))
        .isEqualTo(SecurityHeaders.CONTENT_SECURITY_POLICY);
    assertThat(recorded.header("Referrer-Policy")).isEqualTo("same-origin");
  }
}
