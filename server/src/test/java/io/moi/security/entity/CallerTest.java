package io.moi.security.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

  @Test
  void onlyMoiExecMayExecuteAndOnlyMoiAdminIsAnAdmin() {
    var user = new Caller("ann", Set.of(Roles.USER));
    var exec = new Caller("ben", Set.of(Roles.USER, Roles.EXEC));
    var admin = new Caller("cid", Set.of(Roles.USER, Roles.ADMIN));

    assertThat(user.mayExecute()).isFalse();
    assertThat(user.isAdmin()).isFalse();
    assertThat(exec.mayExecute()).isTrue();
    assertThat(exec.isAdmin()).isFalse();
    assertThat(admin.mayExecute()).isFalse();
    assertThat(admin.isAdmin()).isTrue();
  }
}
