package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a function job's returned value becomes in its info object. */
class ResultsTest {

  private final Results results = new Results();

  public record Totals(String name, int rows) {}

  @BeforeEach
  void open() {
    results.open();
  }

  @AfterEach
  void close() {
    results.close();
  }

  @Test
  void nullBecomesJsonNull() throws Exception {
    assertThat(results.toJson(null)).isEqualTo(JsonValue.NULL);
  }

  @Test
  void aJsonValueIsKeptAsItIs() throws Exception {
    var value = Json.createObjectBuilder().add("already", "json").build();

    assertThat(results.toJson(value)).isSameAs(value);
  }

  @Test
  void valuesAreWrittenAsJsonBWritesThem() throws Exception {
    assertThat(results.toJson(15)).hasToString("15");
    assertThat(results.toJson("text")).hasToString("\"text\"");
    assertThat(results.toJson(Map.of("rows", 3))).hasToString("{\"rows\":3}");
    assertThat(results.toJson(List.of(1, "two"))).hasToString("[1,\"two\"]");
    assertThat(results.toJson(new Totals("orders", 7)))
        .hasToString("{\"name\":\"orders\",\"rows\":7}");
  }

  @Test
  void aValueThatCannotBeWrittenFailsNamingItsType() {
    List<Object> loop = new ArrayList<>();
    loop.add(loop);

    assertThatThrownBy(() -> results.toJson(loop))
        .isInstanceOfSatisfying(
            ResultNotJsonException.class,
            e ->
                assertThat(e.failure().last())
                    .startsWith(
                        "The job returned a value that cannot be written as JSON (java.util.ArrayList): "));
  }
}
