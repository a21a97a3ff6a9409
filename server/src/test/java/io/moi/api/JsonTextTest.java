package io.moi.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void aStringIsQuotedAsJakartaJsonProcessingWritesIt() {
    StringBuilder every = new StringBuilder("plain é ✓ \uD83D\uDE00 \"quoted\" back\\slash /");
    for (char c = 0; c < 0x20; c++) {
      every.append(c);
    }
    every.append('\u007f');
    String text = every.toString();

    String written = JsonText.quote(new StringBuilder(), text).toString();

    assertThat(written).isEqualTo(JsonBodies.json().createValue(text).toString());
    try (var reader =
        JsonBodies.json().createReader(new java.io.StringReader("[" + written + "]"))) {
      assertThat(reader.readArray().getString(0)).isEqualTo(text);
    }
  }

  @Test
  void nullIsNull() {
    assertThat(JsonText.quote(new StringBuilder("x="), null)).hasToString("x=null");
  }
}
