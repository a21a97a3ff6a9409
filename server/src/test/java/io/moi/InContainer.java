package io.moi;

import java.io.File;
import java.net.URISyntaxException;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The deployment of the tests that run inside the server: the WAR that mvn package built, the test
 * classes, and what they assert with. The server has JUnit from Arquillian but not AssertJ, so its
 * jar (and Byte Buddy's, which it uses for some assertions) goes along.
 */
public final class InContainer {

  private InContainer() {}

  public static WebArchive builtWarWith(Class<?>... classes) {
    return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("it.war")))
        .addClasses(classes)
        .addClasses(Eventually.class, Eventually.Assertion.class)
        .addAsLibraries(jarOf("org.assertj.core.api.Assertions"), jarOf("net.bytebuddy.ByteBuddy"));
  }

  private static File jarOf(String className) {
    try {
      return new File(
          Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (ClassNotFoundException | URISyntaxException e) {
      throw new IllegalStateException("no jar for " + className + " on the test class path", e);
    }
  }
}
