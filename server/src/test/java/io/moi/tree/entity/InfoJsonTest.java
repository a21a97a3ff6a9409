package io.moi.tree.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The info object's own text reader and writer against the object model of Jakarta JSON Processing
 * that they stand in for: the same characters written, the same info (or a refusal) read.
 */
class InfoJsonTest {

  /** The twelve fields, in the order they are written. */
  private static final List<String> FIELDS =
      List.copyOf(Info.newGroup("g", null, null, null).toJsonObject().keySet());

  private final Random random = new Random(20261203);

  /** What the info object read through the object model is, or the refusal. */
  private static Object throughTheObjectModel(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return Info.fromJsonObject(reader.readObject());
    } catch (RuntimeException e) {
      return "refused";
    }
  }

  private static Object throughTheText(String json) {
    try {
      return Info.fromJson(json);
    } catch (IllegalArgumentException e) {
      return "refused";
    }
  }

  private String text() {
    var out = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      out.append(
          switch (random.nextInt(5)) {
            case 0 -> (char) random.nextInt(0x20); // control characters
            case 1 -> "\"\\/".charAt(random.nextInt(3));
            case 2 -> (char) (0x7f + random.nextInt(0x800));
            case 3 -> "\uD83D\uDE00"; // outside the basic plane: a surrogate pair
            default -> (char) (0x20 + random.nextInt(0x5f));
          });
    }
    return out.toString();
  }

  private String date() {
    return switch (random.nextInt(4)) {
      case 0 -> null;
      case 1 -> "2026-12-03 10:11:12";
      case 2 -> "2026-12-03 10:11:12." + "123456789".substring(0, 1 + random.nextInt(9));
      default -> "2026-12-03 10:11:1" + random.nextInt(10) + ".000000";
    };
  }

  private JsonValue value(int depth) {
    return switch (random.nextInt(depth > 2 ? 5 : 7)) {
      case 0 -> JsonValue.NULL;
      case 1 -> Json.createValue(text());
      case 2 -> Json.createValue(random.nextInt() / 7.0);
      case 3 -> Json.createValue(random.nextLong());
      case 4 -> random.nextBoolean() ? JsonValue.TRUE : JsonValue.FALSE;
      case 5 -> {
        var array = Json.createArrayBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
          array.add(value(depth + 1));
        }
        yield array.build();
      }
      default -> {
        var object = Json.createObjectBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
          object.add(text(), value(depth + 1));
        }
        yield object.build();
      }
    };
  }

  private String orNull(String text) {
    return random.nextInt(4) == 0 ? null : text;
  }

  private Info info() {
    return new Info(
        text(),
        value(0),
        random.nextBoolean() ? Info.JOB : text(),
        text(),
        orNull(text()),
        orNull(text()),
        text(),
        orNull(text()),
        value(0),
        date(),
        date(),
        date());
  }

  @Test
  void theTextIsWhatTheObjectModelWrites() {
    for (int i = 0; i < 5_000; i++) {
      Info info = info();
      assertThat(info.toJson()).isEqualTo(info.toJsonObject().toString());
    }
  }

  @Test
  void whatIsWrittenIsReadBackTheSame() {
    for (int i = 0; i < 5_000; i++) {
      Info info = info();
      assertThat(Info.fromJson(info.toJson())).isEqualTo(info);
    }
  }

  /**
   * Info objects as a third party might have written them: fields left out, repeated, of another
   * type, in another order, with keys of their own, or not an object at all.
   */
  @Test
  @Timeout(120) // a reader that never comes back from a cut text fails here
  void aTextIsReadAsTheObjectModelReadsIt() {
    List<String> refusedBoth = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      List<String> members = new ArrayList<>();
      var fields = Info.fromJson(info().toJson()).toJsonObject();
      for (String field : FIELDS) {
        switch (random.nextInt(12)) {
          case 0 -> {} // left out
          case 1 -> members.add(Json.createValue(field) + ":" + value(0));
          case 2 -> {
            members.add(Json.createValue(field) + ":" + value(0));
            members.add(Json.createValue(field) + ":" + fields.get(field));
          }
          case 3 -> members.add(Json.createValue(field) + ":" + Json.createValue(date() + ""));
          default -> members.add(Json.createValue(field) + ":" + fields.get(field));
        }
        if (random.nextInt(6) == 0) {
          members.add(Json.createValue(text()) + ":" + value(0));
        }
      }
      java.util.Collections.shuffle(members, random);
      String json = "{" + String.join(",", members) + "}";
      json =
          switch (random.nextInt(20)) {
            case 0 -> json.substring(0, random.nextInt(json.length()));
            case 1 -> "[" + json + "]";
            case 2 -> " \n" + json + " \t";
            default -> json;
          };
      Object expected = throughTheObjectModel(json);
      assertThat(throughTheText(json)).as(json).isEqualTo(expected);
      if (expected.equals("refused")) {
        refusedBoth.add(json);
      }
    }
    // Both kinds of text were tried.
    assertThat(refusedBoth).hasSizeBetween(250, 4_750);
  }

  /**
   * A text cut inside an object or array, by a third party or a failed write, is no info object.
   */
  @Test
  void aTextThatEndsInsideAValueIsRefusedNotReadForever() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          assertThat(Info.typeOf("{\"result\": [1, {\"a\": 2")).isNull();
          assertThat(Info.typeOf("{\"name\": {\"a\": [")).isNull();
          assertThatThrownBy(() -> Info.fromJson("{\"id\": \"j\", \"url\": [1, [2"))
              .isInstanceOf(IllegalArgumentException.class);
          assertThatThrownBy(() -> Info.fromJson("{\"id\": \"j\", \"extra\": {\"a\": 1"))
              .isInstanceOf(IllegalArgumentException.class);
        });
  }
}
