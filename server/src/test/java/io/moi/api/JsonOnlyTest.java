package io.moi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ContainerStandIns.FilteredRequest;
import org.junit.jupiter.api.Test;

/** A body sent to the API must say it is JSON; requests without a body pass. */
class JsonOnlyTest {

  private final JsonOnly filter = new JsonOnly();

  @Test
  void aJsonBodyPassesWhateverTheCaseOrCharset() {
    for (String type :
        new String[] {"application/json", "Application/JSON", "application/json; charset=UTF-8"}) {
      var request = FilteredRequest.of("POST", type);
      filter.filter(request.context());
      assertThat(request.abortedWith()).as(type).isNull();
    }
  }

  @Test
  void aPostPutOrPatchWithoutContentTypeIsRefusedSayingSo() {
    for (String method : new String[] {"POST", "PUT", "PATCH"}) {
      var request = FilteredRequest.of(method, null);
      filter.filter(request.context());
      assertThat(request.abortedWith()).as(method).isNotNull();
      assertThat(request.abortedWith().getStatus()).isEqualTo(415);
      assertThat(ErrorBody.of(request.abortedWith()).getString("detail"))
          .isEqualTo(
              "send a JSON body with Content-Type: application/json (this request said no Content-Type)");
    }
  }

  @Test
  void anotherTypeIsRefusedNamingIt() {
    var plain = FilteredRequest.of("POST", "text/plain");
    var xml = FilteredRequest.of("PUT", "application/xml");
    var jsonText = FilteredRequest.of("PATCH", "text/json");

    filter.filter(plain.context());
    filter.filter(xml.context());
    filter.filter(jsonText.context());

    assertThat(ErrorBody.of(plain.abortedWith()).getString("detail"))
        .endsWith("(this request said 'text/plain')");
    assertThat(ErrorBody.of(xml.abortedWith()).getString("detail"))
        .endsWith("(this request said 'application/xml')");
    assertThat(ErrorBody.of(jsonText.abortedWith()).getString("detail"))
        .endsWith("(this request said 'text/json')");
  }

  @Test
  void requestsWithoutABodyPassWhateverTheyClaim() {
    for (String method : new String[] {"GET", "DELETE", "HEAD", "OPTIONS"}) {
      var request = FilteredRequest.of(method, "text/plain");
      filter.filter(request.context());
      assertThat(request.abortedWith()).as(method).isNull();
    }
  }
}
