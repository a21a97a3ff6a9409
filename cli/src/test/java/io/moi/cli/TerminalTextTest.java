package io.moi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

  @Test
  void escapeAndTheOtherC0ControlsAreShownAsHex() {
    assertThat(TerminalText.escape("red \u001b[31malert\u001b[0m"))
        .isEqualTo("red \\x1b[31malert\\x1b[0m");
    assertThat(TerminalText.escape("\u001b]0;owned\u0007")).isEqualTo("\\x1b]0;owned\\x07");
    assertThat(TerminalText.escape("over\rwrite\u0000\u0008\u000b\u000c\u001f"))
        .isEqualTo("over\\x0dwrite\\x00\\x08\\x0b\\x0c\\x1f");
  }

  @Test
  void deleteIsShownAsHex() {
    assertThat(TerminalText.escape("a\u007fb")).isEqualTo("a\\x7fb");
  }

  @Test
  void c1ControlsAreShownAsTheirCodePoint() {
    assertThat(TerminalText.escape("\u009b2J\u0080\u009f")).isEqualTo("\\u009b2J\\u0080\\u009f");
  }

  @Test
  void newlinesTabsAndOrdinaryTextAreLeftAsTheyAre() {
    String text = "Traceback:\n\tline 1\nValueError: 'crash' \\x1b é ☃ \u00a0 \u00ff 日本";
    assertThat(TerminalText.escape(text)).isEqualTo(text);
    assertThat(TerminalText.escape("")).isEmpty();
    assertThat(TerminalText.escape(null)).isNull();
  }
}
