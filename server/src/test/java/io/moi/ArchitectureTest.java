package io.moi;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;

/**
 * The server's structure. Only the server's own classes are read: the command line, on the test
 * class path for the integration tests, is a module of its own with rules of its own.
 */
@AnalyzeClasses(
    packages = "io.moi",
    importOptions = {
      ImportOption.DoNotIncludeTests.class,
      ImportOption.DoNotIncludeJars.class,
      ArchitectureTest.NotTheCommandLine.class
    })
class ArchitectureTest {

  /** Leaves out the command line's classes, wherever they are found. */
  static final class NotTheCommandLine implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/io/moi/cli/");
    }
  }

  /**
   * A REST resource is made once, not for every request: a per-request resource costs a CDI
   * creation and an injection on each call. Its {@code @Context} fields are proxies to the current
   * request.
   */
  @ArchTest
  static final ArchRule restResourcesAreMadeOnce =
      classes()
          .that()
          .areAnnotatedWith(Path.class)
          .should()
          .beAnnotatedWith(ApplicationScoped.class);

  /** Features (io.moi.jobs, io.moi.tree, ...) depend on one another in one direction only. */
  @ArchTest
  static final ArchRule featuresDependOnEachOtherWithoutCycles =
      slices().matching("io.moi.(*)..").namingSlices("feature $1").should().beFreeOfCycles();

  /**
   * Inside every feature: entry points (boundary) use logic (control), which uses data (entity),
   * and never the other way round. A layer may use its own kind in other features.
   */
  @ArchTest
  static final ArchRule boundaryThenControlThenEntity =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("boundary")
          .definedBy("..boundary..")
          .layer("control")
          .definedBy("..control..")
          .layer("entity")
          .definedBy("..entity..")
          .whereLayer("boundary")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("control")
          .mayOnlyBeAccessedByLayers("boundary")
          .whereLayer("entity")
          .mayOnlyBeAccessedByLayers("boundary", "control");

  @ArchTest
  static final ArchRule entitiesAreFreeOfRedisAndTheContainer =
      noClasses()
          .that()
          .resideInAPackage("..entity..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "redis.clients..", "jakarta.ejb..", "jakarta.enterprise..", "jakarta.inject..");

  @ArchTest
  static final ArchRule onlyTheStorageSideTalksToRedis =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "io.moi.redis..",
              "io.moi.tree.control..",
              "io.moi.health..",
              "io.moi.changes.control..",
              "io.moi.cluster.control..",
              "io.moi.schedules.control..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("redis.clients..");

  @ArchTest
  static final ArchRule securityKnowsNothingOfTheLiveSide =
      noClasses()
          .that()
          .resideInAPackage("io.moi.security..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.moi.live..");

  /** The shared plumbing (the REST API's and Redis's) knows no feature, whichever is added. */
  @ArchTest
  static final ArchRule theApiPlumbingAndRedisKnowNoFeature =
      noClasses()
          .that()
          .resideInAnyPackage("io.moi.api..", "io.moi.redis..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("io.moi..")
                  .and(resideOutsideOfPackage("io.moi.api.."))
                  .and(resideOutsideOfPackage("io.moi.redis..")));

  @ArchTest
  static final ArchRule theClusterKnowsNothingOfJobs =
      noClasses()
          .that()
          .resideInAPackage("io.moi.cluster..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.moi.jobs..");

  @ArchTest
  static final ArchRule theTreeKnowsNothingOfJobs =
      noClasses()
          .that()
          .resideInAPackage("io.moi.tree..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.moi.jobs..");

  @ArchTest
  static final ArchRule nothingInTheServerUsesTheCommandLine =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.moi.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.moi.cli..");

  @ArchTest
  static final ArchRule theContainerOwnsEveryThread =
      noClasses()
          .should()
          .callConstructor(Thread.class, Runnable.class)
          .orShould()
          .callConstructor(Thread.class)
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.util.concurrent.Executors");

  @ArchTest
  static final ArchRule onlyCommandLinesPrintToStandardOutput =
      noClasses()
          .that()
          .haveSimpleNameNotEndingWith("Tool")
          .and()
          .resideOutsideOfPackage("io.moi.cli..")
          .should()
          .accessField(System.class, "out")
          .orShould()
          .accessField(System.class, "err");
}
