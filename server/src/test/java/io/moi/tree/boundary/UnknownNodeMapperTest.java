package io.moi.tree.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.api.ErrorBody;
import io.moi.tree.control.UnknownNodeException;
import org.junit.jupiter.api.Test;

class UnknownNodeMapperTest {

  @Test
  void anUnknownNodeIsA404WithItsMessage() {
    var unknown =
        new UnknownNodeMapper().toResponse(new UnknownNodeException("no node with ID 'x'"));

    assertThat(unknown.getStatus()).isEqualTo(404);
    assertThat(ErrorBody.of(unknown).getString("detail")).isEqualTo("no node with ID 'x'");
  }
}
