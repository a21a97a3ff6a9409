package io.moi.jobs.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.api.ErrorBody;
import io.moi.api.ErrorMappers;
import io.moi.jobs.control.ContextBusyException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class BusyMapperTest {

  @Test
  void aFullContextIsA503ThatSaysWhenToRetry() {
    var answer =
        new BusyMapper()
            .toResponse(
                new ContextBusyException("default", new RejectedExecutionException("full")));

    assertThat(answer.getStatus()).isEqualTo(503);
    assertThat(answer.getHeaderString("Retry-After")).isEqualTo(ErrorMappers.RETRY_AFTER_SECONDS);
    assertThat(ErrorBody.of(answer).getString("detail")).contains("context 'default' is full");
  }
}
