package io.moi.jobs.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class JobSubmissionTest {

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void missingFieldsTakeTheProtocolsDefaults() {
    var s = JobSubmission.from(json("{\"cmd\": \"return 42\"}"));
    assertThat(s.cmdType()).isEqualTo("python");
    assertThat(s.name()).isEqualTo("no-user-cmd-submit");
    assertThat(s.context()).isEqualTo("default");
    assertThat(s.user()).isNull();
    assertThat(s.parent()).isNull();
  }

  @Test
  void everyRefusalNamesTheField() {
    assertThatThrownBy(() -> JobSubmission.from(json("{\"cmd\": \"x\", \"extra\": 1}")))
        .hasMessageContaining("'extra'");
    assertThatThrownBy(() -> JobSubmission.from(json("{\"cmd\": [\"x\"]}")))
        .hasMessageContaining("'cmd' must be a string");
    assertThatThrownBy(() -> JobSubmission.from(json("{\"cmd\": \" \"}")))
        .hasMessageContaining("'cmd' is required");
    assertThatThrownBy(() -> JobSubmission.from(json("{\"cmd\": \"x\", \"cmdType\": \"perl\"}")))
        .hasMessageContaining("'cmdType'");
    assertThatThrownBy(() -> JobSubmission.from(json("{\"cmd\": \"x\", \"name\": 5}")))
        .hasMessageContaining("'name'");
    assertThatThrownBy(
            () -> JobSubmission.from(json("{\"cmd\": \"x\", \"url\": \"javascript:alert(1)\"}")))
        .hasMessageContaining("'url'");
  }
}
