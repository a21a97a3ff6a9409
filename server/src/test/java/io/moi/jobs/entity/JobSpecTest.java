package io.moi.jobs.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobSpecTest {

  @Test
  void aJobGoesToTheDefaultContextUnlessOneIsNamed() {
    assertThat(JobSpec.under("group", "name").context()).isEqualTo("default");
    assertThat(JobSpec.under("group", "name").inContext(" ").context()).isEqualTo("default");
    assertThat(JobSpec.under("group", "name").inContext("tiny").context()).isEqualTo("tiny");
  }

  @Test
  void eachChangeKeepsEverythingElse() {
    JobSpec spec =
        JobSpec.under("group", "import").inContext("tiny").withUrl("/imports").withId("job-1");

    assertThat(spec).isEqualTo(new JobSpec("group", "import", "tiny", "/imports", "job-1"));
    assertThat(spec.inContext("default"))
        .isEqualTo(new JobSpec("group", "import", "default", "/imports", "job-1"));
    assertThat(spec.withUrl(null)).isEqualTo(new JobSpec("group", "import", "tiny", null, "job-1"));
    assertThat(spec.withId("job-2"))
        .isEqualTo(new JobSpec("group", "import", "tiny", "/imports", "job-2"));
  }

  @Test
  void aJobNeedsAParentGroup() {
    assertThatThrownBy(() -> JobSpec.under(null, "name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a job needs a parent group");
    assertThatThrownBy(() -> JobSpec.under("", "name"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
