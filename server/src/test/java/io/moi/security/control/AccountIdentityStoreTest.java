package io.moi.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.security.entity.Account;
import io.moi.security.entity.Roles;
import jakarta.security.enterprise.credential.CallerOnlyCredential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container's view of the account file: a name and password in, a caller and groups out. */
class AccountIdentityStoreTest {

  @TempDir Path dir;

  private AccountIdentityStore store() throws Exception {
    Path file = dir.resolve("users.properties");
    new AccountFile(file)
        .write(
            new TreeMap<>(
                Map.of(
                    "alice",
                    new Account(
                        "alice",
                        ControlBeans.quickHash("alice-password-1"),
                        Set.of(Roles.USER, Roles.ADMIN)))));
    return ControlBeans.identityStore(ControlBeans.accounts(file));
  }

  @Test
  void theRightPasswordMakesTheAccountsRolesTheCallersGroups() throws Exception {
    var result = store().validate(new UsernamePasswordCredential("alice", "alice-password-1"));

    assertThat(result.getStatus()).isEqualTo(CredentialValidationResult.Status.VALID);
    assertThat(result.getCallerPrincipal().getName()).isEqualTo("alice");
    assertThat(result.getCallerGroups()).containsExactlyInAnyOrder(Roles.USER, Roles.ADMIN);
  }

  @Test
  void aWrongPasswordIsInvalid() throws Exception {
    var result = store().validate(new UsernamePasswordCredential("alice", "alice-password-2"));

    assertThat(result.getStatus()).isEqualTo(CredentialValidationResult.Status.INVALID);
  }

  @Test
  void aCredentialWithoutAPasswordIsLeftToOtherStores() throws Exception {
    var result = store().validate(new CallerOnlyCredential("alice"));

    assertThat(result.getStatus()).isEqualTo(CredentialValidationResult.Status.NOT_VALIDATED);
  }
}
