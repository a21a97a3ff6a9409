package io.moi.cli;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The command line stands alone: it talks to the server over HTTP, never through its code. */
@AnalyzeClasses(packages = "io.moi", importOptions = ImportOption.DoNotIncludeTests.class)
class CommandLineArchitectureTest {

  @ArchTest
  static final ArchRule theCommandLineUsesNoServerCode =
      noClasses()
          .that()
          .resideInAPackage("io.moi.cli..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("io.moi..").and(resideOutsideOfPackage("io.moi.cli..")));

  @ArchTest
  static final ArchRule theCommandLineKnowsNoApplicationServer =
      noClasses()
          .that()
          .resideInAPackage("io.moi.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "jakarta.ejb..",
              "jakarta.enterprise..",
              "jakarta.websocket..",
              "jakarta.servlet..",
              "redis.clients..");
}
