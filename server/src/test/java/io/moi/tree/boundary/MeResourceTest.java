package io.moi.tree.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ContainerStandIns;
import io.moi.LocalRedis;
import io.moi.api.JsonBodies;
import io.moi.security.entity.Roles;
import io.moi.tree.control.StoredTrees;
import java.io.StringReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET me: who the caller is. */
class MeResourceTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private StoredTrees trees;

  @BeforeEach
  void open() {
    trees = new StoredTrees(REDIS);
  }

  @AfterEach
  void close() {
    trees.close();
  }

  @Test
  void theCallerSeesTheirNameRootGroupAndSortedRoles() {
    String root = trees.user("alice");
    var resource = new MeResource();
    resource.access = trees.access;
    resource.security = ContainerStandIns.signedIn("alice", Roles.USER, Roles.EXEC);

    var me = JsonBodies.json().createReader(new StringReader(resource.me())).readObject();

    assertThat(me.getString("username")).isEqualTo("alice");
    assertThat(me.getString("group")).isEqualTo(root);
    assertThat(me.getJsonArray("roles").getValuesAs(jakarta.json.JsonString::getString))
        .containsExactly(Roles.EXEC, Roles.USER);
  }
}
