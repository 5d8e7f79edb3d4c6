package io.github.mixup4j.cli.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Versions recorded with every run for provenance: {@code versions} in {@code config.json}.
 *
 * @param mixup4j the mixup4j version, or {@code "unknown"} when not run from a released jar
 * @param java the Java runtime version and vendor
 * @param djl the DJL version, or {@code null} if DJL is not on the class path and none was given
 * @param os the operating system name, version and architecture
 */
public record Versions(String mixup4j, String java, String djl, String os) {

  /**
   * Detects the versions of this process. The mixup4j and DJL versions come from the {@code
   * pom.properties} Maven puts in their jars, so DJL need not be loaded.
   *
   * @return the versions
   */
  public static Versions detect() {
    String mixup4j = mavenVersion("io.github.mixup4j", "mixup4j-cli");
    if (mixup4j == null) {
      mixup4j = Versions.class.getPackage().getImplementationVersion();
    }
    return new Versions(
        mixup4j == null ? "unknown" : mixup4j,
        System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
        mavenVersion("ai.djl", "api"),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
  }

  /**
   * The same versions with the DJL version replaced.
   *
   * @param djlVersion the DJL version, for example from {@code
   *     ai.djl.engine.Engine.getDjlVersion()}
   * @return a new record
   */
  public Versions withDjl(String djlVersion) {
    return new Versions(mixup4j, java, djlVersion, os);
  }

  private static String mavenVersion(String groupId, String artifactId) {
    String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
    try (InputStream in = Versions.class.getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      return null;
    }
  }
}
