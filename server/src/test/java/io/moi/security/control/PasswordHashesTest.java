package io.moi.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

class PasswordHashesTest {

  private static final char[] PASSWORD = "correct horse".toCharArray();

  @Test
  void aHashIsPbkdf2WithItsIterationsASixteenByteSaltAndThirtyTwoBytes() {
    String[] parts = PasswordHashes.hash(PASSWORD).split(":");

    assertThat(parts).hasSize(4);
    assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
    assertThat(Integer.parseInt(parts[1])).isGreaterThanOrEqualTo(210_000);
    assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
    assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
  }

  @Test
  void theSamePasswordHashedTwiceGetsDifferentSaltsAndHashesThatBothMatch() {
    String first = PasswordHashes.hash(PASSWORD);
    String second = PasswordHashes.hash(PASSWORD);

    assertThat(first.split(":")[2]).isNotEqualTo(second.split(":")[2]);
    assertThat(first.split(":")[3]).isNotEqualTo(second.split(":")[3]);
    assertThat(PasswordHashes.matches(PASSWORD, first)).isTrue();
    assertThat(PasswordHashes.matches(PASSWORD, second)).isTrue();
  }

  @Test
  void theSaltIsRandomNotZeros() {
    byte[] salt = Base64.getDecoder().decode(PasswordHashes.hash(PASSWORD).split(":")[2]);

    assertThat(salt).isNotEqualTo(new byte[16]);
  }

  @Test
  void anotherPasswordDoesNotMatch() {
    String stored = PasswordHashes.hash(PASSWORD);

    assertThat(PasswordHashes.matches("correct horsf".toCharArray(), stored)).isFalse();
    assertThat(PasswordHashes.matches(new char[0], stored)).isFalse();
  }

  @Test
  void theStoredIterationCountAndSaltAreTheOnesUsed() throws Exception {
    byte[] salt = "sixteen byte slt".getBytes();
    String stored = "pbkdf2-sha256:1000:" + b64(salt) + ":" + b64(pbkdf2(PASSWORD, salt, 1000));

    assertThat(PasswordHashes.matches(PASSWORD, stored)).isTrue();
    assertThat(PasswordHashes.matches(PASSWORD, stored.replace(":1000:", ":1001:"))).isFalse();
    assertThat(
            PasswordHashes.matches(
                PASSWORD,
                "pbkdf2-sha256:1000:"
                    + b64("another salt 16b".getBytes())
                    + ":"
                    + b64(pbkdf2(PASSWORD, salt, 1000))))
        .isFalse();
  }

  @Test
  void malformedStoredValuesNeverMatch() throws Exception {
    String good = PasswordHashes.hash(PASSWORD);
    String[] parts = good.split(":");

    assertThat(PasswordHashes.matches(PASSWORD, null)).isFalse();
    assertThat(PasswordHashes.matches(PASSWORD, "")).isFalse();
    assertThat(PasswordHashes.matches(PASSWORD, "plain text")).isFalse();
    assertThat(PasswordHashes.matches(PASSWORD, String.join(":", parts[0], parts[1], parts[2])))
        .isFalse();
    assertThat(PasswordHashes.matches(PASSWORD, good + ":extra")).isFalse();
    assertThat(PasswordHashes.matches(PASSWORD, good.replace("pbkdf2-sha256:", "pbkdf2-sha1:")))
        .isFalse();
    assertThat(
            PasswordHashes.matches(
                PASSWORD, String.join(":", parts[0], "many", parts[2], parts[3])))
        .isFalse();
    assertThat(
            PasswordHashes.matches(
                PASSWORD, String.join(":", parts[0], parts[1], "not base64!", parts[3])))
        .isFalse();
    assertThat(
            PasswordHashes.matches(
                PASSWORD, String.join(":", parts[0], parts[1], parts[2], "not base64!")))
        .isFalse();
  }

  @Test
  void aGeneratedPasswordIsTwentyUnambiguousCharactersAndNeverRepeats() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      String password = PasswordHashes.randomPassword();
      assertThat(password).hasSize(20).matches("[a-km-np-zA-HJ-NP-Z2-9]{20}");
      seen.add(password);
    }

    assertThat(seen).hasSize(50);
  }

  @Test
  void aGeneratedPasswordMatchesItsHash() {
    String password = PasswordHashes.randomPassword();

    assertThat(
            PasswordHashes.matches(
                password.toCharArray(), PasswordHashes.hash(password.toCharArray())))
        .isTrue();
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) throws Exception {
    var spec = new PBEKeySpec(password, salt, iterations, 256);
    return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
  }
}
