package io.moi;

import io.moi.security.control.AccountFile;
import io.moi.security.control.PasswordHashes;
import io.moi.security.entity.Account;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The integration tests' accounts, written to the file the server reads, and how they log in. */
public final class ItAccounts {

  public static final String PASSWORD = "correct horse";

  private ItAccounts() {}

  /** alice and bob may run code, carol may only look, root is an admin. */
  public static void write() throws Exception {
    Map<String, Account> accounts = new TreeMap<>();
    String hash = PasswordHashes.hash(PASSWORD.toCharArray());
    accounts.put("alice", new Account("alice", hash, Set.of("moi-user", "moi-exec")));
    accounts.put("bob", new Account("bob", hash, Set.of("moi-user", "moi-exec")));
    accounts.put("carol", new Account("carol", hash, Set.of("moi-user")));
    accounts.put("root", new Account("root", hash, Set.of("moi-user", "moi-exec", "moi-admin")));
    new AccountFile(Path.of(System.getProperty("it.users.file"))).write(accounts);
  }

  /** The Authorization header of a test account. */
  public static String basic(String user) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  /** The origin of the server's own pages, as a browser on them names it. */
  public static String origin(URI base) {
    return base.getScheme() + "://" + base.getHost() + ":" + base.getPort();
  }

  /**
   * Logs in through the form, as the login page does, and returns the session cookie, {@code
   * JSESSIONID=...}.
   */
  public static String login(HttpClient http, URI base, String user) throws Exception {
    var response =
        http.send(
            HttpRequest.newBuilder(base.resolve("login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", origin(base))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username="
                            + user
                            + "&password="
                            + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("JSESSIONID="))
        .findFirst()
        .orElseThrow()
        .split(";")[0];
  }

  /** The WAR that mvn package built, as the client-mode tests deploy it. */
  public static WebArchive builtWar() {
    return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("it.war")));
  }
}
