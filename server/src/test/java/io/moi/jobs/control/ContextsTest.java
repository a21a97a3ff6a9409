package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.moi.Bindings;
import io.moi.PlainExecutor;
import io.moi.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Compute contexts read from the settings and found in JNDI. */
class ContextsTest {

  private final PlainExecutor gpu = new PlainExecutor(1);

  @BeforeAll
  static void useBindings() {
    Bindings.install();
  }

  @AfterAll
  static void dropBindings() {
    Bindings.uninstall();
  }

  @AfterEach
  void stop() {
    gpu.shutdownNow();
    Bindings.unbind("concurrent/moi-gpu");
    Bindings.unbind("pools/gpu");
  }

  private static Contexts of(String names) {
    return TestJobBeans.contexts(new Settings().set("moi.contexts", names));
  }

  @Test
  void contextNamesKeepTheirOrderWithoutSpacesOrBlankEntries() {
    assertThat(of(" gpu , default,  ,batch ").names()).containsExactly("gpu", "default", "batch");
  }

  @Test
  void aContextsExecutorIsFoundUnderItsDefaultJndiNameAndLookedUpOnce() {
    var contexts = of("default,gpu");
    Bindings.bind("concurrent/moi-gpu", gpu);

    assertThat(contexts.jndiName("gpu")).isEqualTo("concurrent/moi-gpu");
    assertThat(contexts.executor("gpu")).isSameAs(gpu);
    Bindings.unbind("concurrent/moi-gpu");
    assertThat(contexts.executor("gpu")).isSameAs(gpu);
  }

  @Test
  void aSettingNamesAnotherJndiNameForAContextsExecutor() {
    var contexts =
        TestJobBeans.contexts(
            new Settings().set("moi.contexts", "gpu").set("moi.context.gpu.executor", "pools/gpu"));
    Bindings.bind("pools/gpu", gpu);

    assertThat(contexts.jndiName("gpu")).isEqualTo("pools/gpu");
    assertThat(contexts.executor("gpu")).isSameAs(gpu);
  }

  @Test
  void aContextThatIsNotConfiguredIsRefusedEvenWhenAnExecutorIsBound() {
    Bindings.bind("concurrent/moi-gpu", gpu);

    Throwable refused = catchThrowable(() -> of("default,batch").executor("gpu"));

    assertThat(refused)
        .isInstanceOf(UnknownContextException.class)
        .hasMessage("unknown context 'gpu'; known contexts: default, batch");
  }

  @Test
  void aConfiguredContextWithoutAnExecutorSaysWhereItWasLookedFor() {
    var contexts = of("gpu");

    Throwable missing = catchThrowable(() -> contexts.executor("gpu"));
    Bindings.bind("concurrent/moi-gpu", "not an executor");
    Throwable wrong = catchThrowable(() -> contexts.executor("gpu"));

    for (Throwable failure : new Throwable[] {missing, wrong}) {
      assertThat(failure)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "context 'gpu' is configured but no managed executor is bound at 'concurrent/moi-gpu';"
                  + " create it in server-config/post-boot-commands.asadmin");
    }
  }
}
