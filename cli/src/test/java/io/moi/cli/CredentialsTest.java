package io.moi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialsTest {

  @Test
  void environmentGivesBothWithoutAsking() {
    var c =
        Credentials.from(
            Map.of("MOI_USERNAME", "alice", "MOI_PASSWORD", "pw"), new Runs.NoConsole());
    assertThat(c).isEqualTo(new Credentials("alice", "pw"));
  }

  @Test
  void missingOnesAreAskedForOnTheConsole() {
    var typist = new Runs.Typist("bob", "typed");
    var c = Credentials.from(Map.of(), typist);
    assertThat(c).isEqualTo(new Credentials("bob", "typed"));
    assertThat(typist.prompts).containsExactly("moi username: ", "moi password for bob: ");
  }

  @Test
  void onlyThePasswordIsAskedForWhenTheUsernameIsSet() {
    var typist = new Runs.Typist("ignored", "typed");
    var c = Credentials.from(Map.of("MOI_USERNAME", "alice"), typist);
    assertThat(c).isEqualTo(new Credentials("alice", "typed"));
    assertThat(typist.prompts).containsExactly("moi password for alice: ");
  }

  @Test
  void withoutConsoleNorEnvironmentTheErrorSaysWhatToSet() {
    assertThatThrownBy(() -> Credentials.from(Map.of("MOI_PASSWORD", "pw"), new Runs.NoConsole()))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("MOI_USERNAME")
        .hasMessageContaining("MOI_PASSWORD")
        .hasMessageContaining("no console");
  }

  @Test
  void basicAuthorizationIsUtf8Base64OfUserColonPassword() {
    assertThat(new Credentials("Aladdin", "open sesame").basicAuthorization())
        .isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    assertThat(new Credentials("jöe", "pw").basicAuthorization()).isEqualTo("Basic asO2ZTpwdw==");
  }

  @Test
  void thePasswordStaysOutOfToString() {
    assertThat(new Credentials("alice", "pw").toString()).doesNotContain("pw");
  }
}
