package io.moi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {

  private static ByteArrayInputStream body(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String nested(int levels) {
    return "{\"a\": " + "[".repeat(levels - 1) + "1" + "]".repeat(levels - 1) + "}";
  }

  @Test
  void anObjectIsReadAsItIs() {
    assertThat(
            JsonBodies.object(body("{\"cmd\": \"true\", \"n\": [1, {\"x\": 2}]}")).getString("cmd"))
        .isEqualTo("true");
  }

  @Test
  void nestingUpToTheLimitIsReadAndOneLevelMoreIsRefusedNamingTheLimit() {
    assertThat(JsonBodies.object(body(nested(JsonBodies.MAX_DEPTH)))).containsKey("a");
    assertThatThrownBy(() -> JsonBodies.object(body(nested(JsonBodies.MAX_DEPTH + 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the body nests arrays and objects deeper than 32 levels");
  }

  @Test
  void closingLevelsCountDownSoManyShallowSiblingsAreFine() {
    String siblings = "{\"a\": [" + "[1],".repeat(100) + "[2]]}";
    assertThat(JsonBodies.object(body(siblings)).getJsonArray("a")).hasSize(101);
  }

  @Test
  void aThousandLevelsAreAPlainRefusalNotAStackOverflow() {
    assertThatThrownBy(() -> JsonBodies.object(body(nested(1000))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deeper than 32");
  }

  @Test
  void somethingOtherThanAnObjectOrNotJsonIsRefusedSayingWhat() {
    assertThatThrownBy(() -> JsonBodies.object(body("[1, 2]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the body must be a JSON object");
    assertThatThrownBy(() -> JsonBodies.object(body("{\"cmd\": ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the body is not valid JSON: ");
  }
}
