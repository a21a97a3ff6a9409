package io.moi;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * Prints PIT's mutation score per package from its {@code mutations.xml}: the end of {@code mvn
 * -Pmutation verify}. A mutant counts as killed when PIT says it was detected (a test failed, or
 * timed out, on it); the others survived or ran under no test at all.
 */
public final class MutationScores {

  private MutationScores() {}

  public static void main(String[] args) throws Exception {
    Path report = Path.of(args.length > 0 ? args[0] : "target/pit-reports/mutations.xml");
    Map<String, int[]> byPackage = new TreeMap<>();
    try (InputStream in = Files.newInputStream(report)) {
      XMLStreamReader xml = XMLInputFactory.newFactory().createXMLStreamReader(in);
      boolean detected = false;
      String status = "";
      while (xml.hasNext()) {
        if (xml.next() != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        if (xml.getLocalName().equals("mutation")) {
          detected = Boolean.parseBoolean(xml.getAttributeValue(null, "detected"));
          status = xml.getAttributeValue(null, "status");
        } else if (xml.getLocalName().equals("mutatedClass")) {
          String type = xml.getElementText();
          String pkg = type.substring(0, Math.max(type.lastIndexOf('.'), 0));
          int[] counts = byPackage.computeIfAbsent(pkg, k -> new int[3]);
          counts[0]++;
          if (detected) {
            counts[1]++;
          } else if ("NO_COVERAGE".equals(status)) {
            counts[2]++;
          }
        }
      }
    }
    int[] all = new int[3];
    System.out.println();
    System.out.println(
        "Mutation score per package (killed/total; survivors in target/pit-reports/index.html)");
    byPackage.forEach(
        (pkg, counts) -> {
          print(pkg, counts);
          for (int i = 0; i < all.length; i++) {
            all[i] += counts[i];
          }
        });
    // A feature is io.moi.<name> with its boundary, control and entity packages.
    Map<String, int[]> byFeature = new TreeMap<>();
    byPackage.forEach(
        (pkg, counts) -> {
          String[] parts = pkg.split("\\.");
          if (parts.length > 3) {
            int[] sum =
                byFeature.computeIfAbsent(
                    String.join(".", parts[0], parts[1], parts[2]) + ".*", k -> new int[3]);
            for (int i = 0; i < sum.length; i++) {
              sum[i] += counts[i];
            }
          }
        });
    System.out.println();
    byFeature.forEach(MutationScores::print);
    print("all", all);
  }

  private static void print(String name, int[] counts) {
    int total = counts[0];
    int killed = counts[1];
    System.out.printf(
        "%-24s %5d/%-5d %4d%%   (%d survived, %d without a covering test)%n",
        name,
        killed,
        total,
        total == 0 ? 0 : Math.round(100f * killed / total),
        total - killed - counts[2],
        counts[2]);
  }
}
