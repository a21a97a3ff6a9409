package io.moi.jobs.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CodeTypeTest {

  @Test
  void namesAreTheCommandLinesAndPythonIsTheDefault() {
    assertThat(CodeType.of("python")).isEqualTo(CodeType.PYTHON);
    assertThat(CodeType.of("system")).isEqualTo(CodeType.SYSTEM);
    assertThat(CodeType.of("java")).isEqualTo(CodeType.JAVA);
    assertThat(CodeType.of(null)).isEqualTo(CodeType.PYTHON);
  }

  @Test
  void anyOtherNameIsRefusedNamingTheAllowedOnes() {
    for (String name : new String[] {"Python", "bash", ""}) {
      assertThatThrownBy(() -> CodeType.of(name))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("unknown cmd-type '" + name + "'; allowed: python, system, java");
    }
  }
}
