package io.moi.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The key names of protocol section 2. */
class RedisKeysTest {

  @Test
  void aNodesKeysAreItsIdItsSetAndItsChannel() {
    assertThat(RedisKeys.info("abc")).isEqualTo("abc");
    assertThat(RedisKeys.children("abc")).isEqualTo("abc:children");
    assertThat(RedisKeys.pubsub("abc")).isEqualTo("abc:pubsub");
    assertThat(RedisKeys.allPubsub()).isEqualTo("*:pubsub");
  }

  @Test
  void aChannelNamesItsNodeOnlyWhenItIsANodesChannel() {
    assertThat(RedisKeys.idOfPubsub("abc:pubsub")).isEqualTo("abc");
    assertThat(RedisKeys.idOfPubsub(":pubsub")).isNull();
    assertThat(RedisKeys.idOfPubsub("abc:jobs")).isNull();
    assertThat(RedisKeys.idOfPubsub("x")).isNull();
  }

  @Test
  void aLegacyMemberSetNamesItsGroupOnlyWhenNamedLikeOne() {
    assertThat(RedisKeys.legacyChildren("abc")).isEqualTo("abc:jobs");
    assertThat(RedisKeys.groupOfLegacyChildren("abc:jobs")).isEqualTo("abc");
    assertThat(RedisKeys.groupOfLegacyChildren(":jobs")).isNull();
    assertThat(RedisKeys.groupOfLegacyChildren("abc:children")).isNull();
    assertThat(RedisKeys.allLegacyChildren()).isEqualTo("*:jobs");
  }

  @Test
  void idsThatWouldReadAsAnotherKeyClash() {
    assertThat(RedisKeys.clashes("user-id-map")).isTrue();
    assertThat(RedisKeys.clashes("moi:anything")).isTrue();
    assertThat(RedisKeys.clashes("abc:children")).isTrue();
    assertThat(RedisKeys.clashes("abc:jobs")).isTrue();
    assertThat(RedisKeys.clashes("abc:pubsub")).isTrue();
    assertThat(RedisKeys.clashes("no-user")).isFalse();
    assertThat(RedisKeys.clashes("0c1ce595-4f6d-4fcb-b872-90118f6b1cd9")).isFalse();
    assertThat(RedisKeys.clashes("jobs")).isFalse();
  }
}
