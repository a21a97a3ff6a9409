package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** A job's private folder on the real file system. */
class JobFolderTest {

  private static boolean isRoot() throws Exception {
    return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue() == 0;
  }

  private static int attribute(Path path, String name) throws Exception {
    return (Integer) Files.getAttribute(path, "unix:" + name);
  }

  @Test
  void aFolderOfTheServersOwnIsRemovedWithEverythingInItWhenTheJobEnds() throws Exception {
    Path path;
    try (var folder = JobFolder.create(JobUser.serversOwn())) {
      path = folder.path();
      assertThat(path).isDirectory();
      assertThat(path.getFileName().toString()).startsWith("moi-job-");
      assertThat(attribute(path, "uid")).isEqualTo(attribute(Path.of("/proc/self"), "uid"));
      Files.createDirectories(path.resolve("deep/deeper"));
      Files.writeString(path.resolve("deep/deeper/data.txt"), "data");
      folder.writeForJob("launcher.py", "print(1)");
    }
    assertThat(path).doesNotExist();
  }

  @Test
  void aFileWrittenForTheJobIsReadableButWritableByNoOne() throws Exception {
    try (var folder = JobFolder.create(JobUser.serversOwn())) {
      Path file = folder.writeForJob("launcher.py", "print(1)");

      assertThat(file).hasParent(folder.path()).hasContent("print(1)");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("r--r--r--");
    }
  }

  @Test
  void aRootServerGivesTheFolderToTheRunAsUser() throws Exception {
    assumeTrue(isRoot(), "the server is not root");
    var nobody = JobUser.named("nobody");
    try (var folder = JobFolder.create(nobody)) {
      assertThat((long) attribute(folder.path(), "uid")).isEqualTo(nobody.uid());
      assertThat((long) attribute(folder.path(), "gid")).isEqualTo(nobody.gid());
      assertThat(attribute(folder.path(), "mode") & 07777).isEqualTo(0700);
    }
  }

  @Test
  void aServerUsingSudoSharesTheFolderWithTheRunAsUsersGroup() throws Exception {
    assumeTrue(isRoot(), "only root may give a folder to any group");
    var nobody = JobUser.named("nobody");
    var bySudo = new JobUser("nobody", nobody.uid(), nobody.gid(), "/nonexistent", true, null);
    try (var folder = JobFolder.create(bySudo)) {
      assertThat(attribute(folder.path(), "uid"))
          .isEqualTo(attribute(Path.of("/proc/self"), "uid"));
      assertThat((long) attribute(folder.path(), "gid")).isEqualTo(nobody.gid());
      assertThat(attribute(folder.path(), "mode") & 07777).isEqualTo(02770);
    }
  }

  @Test
  void noFolderIsMadeForAnUnusableRunAsUser() {
    var failure =
        catchThrowableOfType(
            () -> JobFolder.create(JobUser.named("moi-no-such-user")),
            CommandFailedException.class);

    assertThat(failure).hasMessageStartingWith("moi.job.run-as names the user 'moi-no-such-user'");
  }

  @Test
  void closingAFolderThatIsAlreadyGoneIsHarmless() throws Exception {
    var folder = JobFolder.create(JobUser.serversOwn());
    Files.delete(folder.path());

    folder.close();

    assertThat(folder.path()).doesNotExist();
  }
}
