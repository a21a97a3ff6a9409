package io.moi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentTest {

  @Test
  void unreservedCharactersStayAsTheyAre() {
    assertThat(Percent.encode("0c1ce595-4f6d_v1.2~x")).isEqualTo("0c1ce595-4f6d_v1.2~x");
  }

  @Test
  void everythingElseIsEncodedIncludingPercentSlashAndPlus() {
    assertThat(Percent.encode("a/b%20c?d#e:f+g h")).isEqualTo("a%2Fb%2520c%3Fd%23e%3Af%2Bg%20h");
  }

  @Test
  void nonAsciiIsEncodedAsUtf8() {
    assertThat(Percent.encode("é€")).isEqualTo("%C3%A9%E2%82%AC");
  }
}
