package io.moi.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

/** Checks user names and passwords against the account file; roles become groups. */
@ApplicationScoped
public class AccountIdentityStore implements IdentityStore {

  @Inject Accounts accounts;

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (!(credential instanceof UsernamePasswordCredential login)) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    return accounts
        .check(login.getCaller(), login.getPassword().getValue())
        .map(a -> new CredentialValidationResult(a.username(), a.roles()))
        .orElse(CredentialValidationResult.INVALID_RESULT);
  }
}
