package io.moi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ContainerStandIns.RecordedResponse;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ApiErrorTest {

  @Test
  void anErrorAnswerCarriesItsStatusTheReasonPhraseAndTheDetail() {
    var answer = ApiError.of(404, "no node with ID 'x'");

    assertThat(answer.getStatus()).isEqualTo(404);
    var body = ErrorBody.of(answer);
    assertThat(body.getString("error")).isEqualTo("Not Found");
    assertThat(body.getString("detail")).isEqualTo("no node with ID 'x'");
  }

  @Test
  void anErrorWithoutDetailRepeatsTheReasonPhrase() {
    var body = ErrorBody.of(ApiError.of(503, null));

    assertThat(body.getString("error")).isEqualTo("Service Unavailable");
    assertThat(body.getString("detail")).isEqualTo("Service Unavailable");
  }

  @Test
  void aStatusWithoutAStandardReasonPhraseIsCalledError() {
    var body = ErrorBody.of(ApiError.of(422, null));

    assertThat(body.getString("error")).isEqualTo("Error");
    assertThat(body.getString("detail")).isEqualTo("Error");
  }

  @Test
  void theBuilderLetsHeadersBeAddedToTheSameAnswer() {
    var answer = ApiError.builder(503, "busy").header("Retry-After", "5").build();

    assertThat(answer.getHeaderString("Retry-After")).isEqualTo("5");
    assertThat(ErrorBody.of(answer).getString("detail")).isEqualTo("busy");
  }

  @Test
  void writtenToAServletResponseAStatusWithoutAReasonPhraseIsCalledError() throws IOException {
    var response = new RecordedResponse();

    ApiError.write(response.response(), 422, "the job's code does not compile");

    var body = ErrorBody.parse(response.body());
    assertThat(response.status()).isEqualTo(422);
    assertThat(body.getString("error")).isEqualTo("Error");
    assertThat(body.getString("detail")).isEqualTo("the job's code does not compile");
  }
}
