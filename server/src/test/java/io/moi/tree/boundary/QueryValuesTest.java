package io.moi.tree.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryValuesTest {

  @Test
  void aNumberWithinItsRangeIsTakenAndAnAbsentOneIsTheFallback() {
    assertThat(QueryValues.number("wait", null, 7, 1, 60)).isEqualTo(7);
    assertThat(QueryValues.number("wait", "1", 7, 1, 60)).isEqualTo(1);
    assertThat(QueryValues.number("wait", " 60 ", 7, 1, 60)).isEqualTo(60);
  }

  @Test
  void aNumberOutsideItsRangeOrNoNumberIsRefusedNamingTheParameter() {
    for (String bad : new String[] {"0", "61", "abc", "99999999999", "1.5", ""}) {
      assertThatThrownBy(() -> QueryValues.number("wait", bad, 7, 1, 60))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "query parameter 'wait' must be a whole number from 1 to 60, not '" + bad + "'");
    }
  }

  @Test
  void aFlagIsTrueOrFalseAndNothingElse() {
    assertThat(QueryValues.flag("summary", null)).isFalse();
    assertThat(QueryValues.flag("summary", "false")).isFalse();
    assertThat(QueryValues.flag("summary", "true")).isTrue();
    assertThatThrownBy(() -> QueryValues.flag("summary", "yes"))
        .hasMessage("query parameter 'summary' must be true or false, not 'yes'");
  }

  @Test
  void aLongValueIsShortenedInTheAnswer() {
    assertThat(QueryValues.shortened("x".repeat(40))).isEqualTo("x".repeat(40));
    assertThat(QueryValues.shortened("x".repeat(41))).isEqualTo("x".repeat(40) + "...");
  }
}
