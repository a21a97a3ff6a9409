package io.moi.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisUrlTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"http://127.0.0.1:6379", "127.0.0.1:6379", "redis://", "tcp://localhost:6379/0"})
  void aUrlThatIsNotRedisIsRefusedNamingTheSetting(String url) {
    assertThatThrownBy(() -> TestRedis.open(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("redis.url is not a redis:// or rediss:// URL: " + url);
  }
}
