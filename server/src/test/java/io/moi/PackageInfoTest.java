package io.moi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every package says in its package-info what it is responsible for. */
class PackageInfoTest {

  @Test
  void everyPackageOfTheServerHasAPackageInfo() throws IOException {
    Path sources = Path.of("src/main/java");
    List<Path> withoutOne;
    try (Stream<Path> dirs = Files.walk(sources)) {
      withoutOne =
          dirs.filter(Files::isDirectory)
              .filter(PackageInfoTest::holdsClasses)
              .filter(dir -> !Files.exists(dir.resolve("package-info.java")))
              .toList();
    }
    assertThat(withoutOne).as("packages without a package-info.java").isEmpty();
  }

  private static boolean holdsClasses(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.toString().endsWith(".java"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
