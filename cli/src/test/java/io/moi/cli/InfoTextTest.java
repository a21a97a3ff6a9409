package io.moi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class InfoTextTest {

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  private static final String PROTOCOL_EXAMPLE_INFO =
      """
      {"id": "0c1ce595-4f6d-4fcb-b872-90118f6b1cd9", "name": "no-user-cmd-submit",
       "type": "job", "pubsub": "0c1ce595-4f6d-4fcb-b872-90118f6b1cd9:pubsub", "url": null,
       "parent": "ac97957a-a658-47c8-bfaf-08d965b3e745", "context": "default",
       "status": "Success", "result": 15, "date_created": "2015-06-01 15:46:49.977480",
       "date_start": "2015-06-01 15:46:49.981620", "date_end": "2015-06-01 15:46:49.981942"}
      """;

  @Test
  void detailIsTheProtocolExampleByteForByte() {
    assertThat(InfoText.detail(json(PROTOCOL_EXAMPLE_INFO)))
        .isEqualTo(
            "********** 0c1ce595-4f6d-4fcb-b872-90118f6b1cd9 **********\n"
                + "context\t\t: default\n"
                + "date_created\t: 2015-06-01 15:46:49.977480\n"
                + "date_end\t: 2015-06-01 15:46:49.981942\n"
                + "date_start\t: 2015-06-01 15:46:49.981620\n"
                + "id\t\t: 0c1ce595-4f6d-4fcb-b872-90118f6b1cd9\n"
                + "name\t\t: no-user-cmd-submit\n"
                + "parent\t\t: ac97957a-a658-47c8-bfaf-08d965b3e745\n"
                + "pubsub\t\t: 0c1ce595-4f6d-4fcb-b872-90118f6b1cd9:pubsub\n"
                + "status\t\t: Success\n"
                + "type\t\t: job\n"
                + "url\t\t: None\n"
                + "result\t\t: 15\n"
                + "\n");
  }

  @Test
  void fieldsComeInAlphabeticalOrderWhateverTheJsonOrder() {
    String detail = InfoText.detail(json(PROTOCOL_EXAMPLE_INFO));
    assertThat(detail.lines().skip(1).limit(11).map(l -> l.substring(0, l.indexOf('\t'))))
        .containsExactly(
            "context",
            "date_created",
            "date_end",
            "date_start",
            "id",
            "name",
            "parent",
            "pubsub",
            "status",
            "type",
            "url");
  }

  @Test
  void aFailuresListOfLinesPrintsAsItsTextAsTheOriginalPrintsATraceback() {
    String detail =
        InfoText.detail(
            json(
                """
        {"id": "j1", "status": "Failed",
         "result": ["Traceback (most recent call last):\\n", "  File \\"<job>\\", line 1\\n",
                    "ValueError: crash and burn\\n"]}
        """));
    assertThat(detail)
        .endsWith(
            "result\t\t: Traceback (most recent call last):\n"
                + "  File \"<job>\", line 1\nValueError: crash and burn\n\n\n");
  }

  @Test
  void anOlderFailureStringStillPrintsAsItsText() {
    String detail =
        InfoText.detail(
            json(
                """
        {"id": "j1", "status": "Failed", "result": "stdout: \\nKilled by signal 9 (SIGKILL)"}
        """));
    assertThat(detail).endsWith("result\t\t: stdout: \nKilled by signal 9 (SIGKILL)\n\n");
  }

  @Test
  void aSuccessfulListOfStringsStaysJson() {
    String detail =
        InfoText.detail(
            json(
                """
        {"id": "j1", "status": "Success", "result": ["a", "b"]}
        """));
    assertThat(detail).endsWith("result\t\t: [\"a\",\"b\"]\n\n");
  }

  @Test
  void nullsAndMissingFieldsPrintAsNone() {
    String detail =
        InfoText.detail(
            json(
                """
        {"id": "j1", "name": null, "status": "Running", "result": null, "date_end": null}
        """));
    assertThat(detail)
        .contains(
            "name\t\t: None\n", "date_end\t: None\n", "url\t\t: None\n", "context\t\t: None\n")
        .endsWith("status\t\t: Running\ntype\t\t: None\nurl\t\t: None\nresult\t\t: None\n\n");
  }

  @Test
  void failureResultPrintsAsItsTextWithNewlinesKept() {
    var info =
        Json.createObjectBuilder(json(PROTOCOL_EXAMPLE_INFO))
            .add("status", "Failed")
            .add(
                "result",
                "Failed to execute: sleep 10; foobar\nstdout: \nstderr: /bin/sh: foobar:"
                    + " not found")
            .build();
    assertThat(InfoText.detail(info))
        .endsWith(
            "status\t\t: Failed\ntype\t\t: job\nurl\t\t: None\n"
                + "result\t\t: Failed to execute: sleep 10; foobar\nstdout: \n"
                + "stderr: /bin/sh: foobar: not found\n\n");
  }

  @Test
  void otherResultsPrintAsJson() {
    assertThat(resultLine("3.5")).isEqualTo("result\t\t: 3.5");
    assertThat(resultLine("15.0")).isEqualTo("result\t\t: 15.0");
    assertThat(resultLine("-7")).isEqualTo("result\t\t: -7");
    assertThat(resultLine("true")).isEqualTo("result\t\t: true");
    assertThat(resultLine("{\"rows\": 3}")).isEqualTo("result\t\t: {\"rows\":3}");
    assertThat(
            InfoText.detail(json("{\"id\": \"j\", \"result\": [\"hello from moi\\n\", \"\", 0]}")))
        .endsWith("result\t\t: [\"hello from moi\\n\",\"\",0]\n\n");
  }

  @Test
  void nonStringNamePrintsAsJson() {
    assertThat(InfoText.detail(json("{\"id\": \"j\", \"name\": 42}"))).contains("name\t\t: 42\n");
  }

  @Test
  void summaryLineHasDateIdAndStatusSeparatedByTabs() {
    assertThat(
            InfoText.summary(
                json(
                    """
        {"date_created": "2015-06-01 16:13:16.499326",
         "id": "558de7a9-fb99-4a67-8b27-62b2ddfb80ff", "status": "Success"}
        """)))
        .isEqualTo(
            "date: 2015-06-01 16:13:16.499326\tid: 558de7a9-fb99-4a67-8b27-62b2ddfb80ff"
                + "\tstatus: Success\n");
    assertThat(InfoText.summary(json("{\"date_created\": \"d\", \"id\": \"g\", \"status\": null}")))
        .isEqualTo("date: d\tid: g\tstatus: None\n");
  }

  @Test
  void controlCharactersInNamesStatusesAndResultsArePrintedEscaped() {
    var info =
        Json.createObjectBuilder(json(PROTOCOL_EXAMPLE_INFO))
            .add("name", "evil\u001b[2J\u001b]0;owned\u0007")
            .add("status", "Failed\u009b31m")
            .add("context", "del\u007f")
            .add("result", "Traceback:\n\tline 1\rValueError: \u001b[31mcrash")
            .build();
    String detail = InfoText.detail(info);
    assertThat(detail)
        .contains("name\t\t: evil\\x1b[2J\\x1b]0;owned\\x07\n")
        .contains("status\t\t: Failed\\u009b31m\n")
        .contains("context\t\t: del\\x7f\n")
        .endsWith("result\t\t: Traceback:\n\tline 1\\x0dValueError: \\x1b[31mcrash\n\n");
    assertThat(detail.chars())
        .noneMatch(c -> Character.getType(c) == Character.CONTROL && c != '\n' && c != '\t');
  }

  @Test
  void controlCharactersInsideJsonResultsArePrintedEscaped() {
    // JSON writers escape only C0 controls; DEL and C1 would reach the terminal as they are.
    assertThat(resultLine("[\"a\u007fb\", \"\u009b2J\"]"))
        .isEqualTo("result\t\t: [\"a\\x7fb\",\"\\u009b2J\"]");
  }

  @Test
  void idsInTheHeaderLineArePrintedEscaped() {
    assertThat(InfoText.detail(json("{\"id\": \"j\\u001b[H\"}")))
        .startsWith("********** j\\x1b[H **********\n");
  }

  @Test
  void summaryLinesPrintControlCharactersEscaped() {
    assertThat(
            InfoText.summary(
                json(
                    """
        {"date_created": "d", "id": "g\\u001b[1A", "status": "reading\\u001b[2K\\u009b"}
        """)))
        .isEqualTo("date: d\tid: g\\x1b[1A\tstatus: reading\\x1b[2K\\u009b\n");
  }

  @Test
  void userLineIsNameColonGroupWithControlCharactersEscaped() {
    assertThat(InfoText.user(json("{\"username\": \"alice\", \"group\": \"g-1\"}")))
        .isEqualTo("alice : g-1\n");
    assertThat(InfoText.user(json("{\"username\": \"\\u001b[8mbob\", \"group\": null}")))
        .isEqualTo("\\x1b[8mbob : None\n");
  }

  private static String resultLine(String result) {
    String detail = InfoText.detail(json("{\"id\": \"j\", \"result\": " + result + "}"));
    return detail.lines().filter(l -> l.startsWith("result")).findFirst().orElseThrow();
  }
}
