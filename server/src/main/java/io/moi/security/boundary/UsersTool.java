package io.moi.security.boundary;

import io.moi.security.control.AccountFile;
import io.moi.security.control.AdminPasswordFile;
import io.moi.security.control.PasswordHashes;
import io.moi.security.entity.Account;
import io.moi.security.entity.Roles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bin/moi-users}: manages the account file. Plain JDK, so it runs from the built classes
 * without the server; the server picks changes up without a restart.
 */
public final class UsersTool {

  static final String USAGE =
      """
      usage: moi-users [--file FILE] COMMAND
        list                          users and their roles
        add NAME [ROLE,...]           new user (roles default to moi-user)
        passwd NAME                   set a new password
        roles NAME ROLE,...           replace the roles
        remove NAME                   delete the user
      roles: moi-user (own jobs), moi-exec (may submit code and commands), moi-admin (every user)
      The password is read from MOI_PASSWORD, or asked for twice at the terminal, or read as
      one line from standard input. FILE defaults to $MOI_USERS_FILE or server-config/users.properties.
      """;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final BufferedReader stdin;

  UsersTool(PrintStream out, PrintStream err, Map<String, String> env, BufferedReader stdin) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.stdin = stdin;
  }

  public static void main(String[] args) {
    // At a terminal the password is asked for without echo; otherwise it is read from stdin.
    var stdin =
        System.console() != null
            ? null
            : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.exit(new UsersTool(System.out, System.err, System.getenv(), stdin).run(args));
  }

  int run(String... argv) {
    List<String> args = new java.util.ArrayList<>(Arrays.asList(argv));
    String file = env.getOrDefault("MOI_USERS_FILE", "server-config/users.properties");
    if (args.size() >= 2 && args.get(0).equals("--file")) {
      file = args.get(1);
      args = args.subList(2, args.size());
    }
    if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
      (args.isEmpty() ? err : out).print(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    var store = new AccountFile(Path.of(file));
    try {
      Map<String, Account> accounts = store.read();
      String command = args.get(0);
      String name = args.size() > 1 ? args.get(1) : null;
      switch (command) {
        case "list" ->
            accounts
                .values()
                .forEach(a -> out.println(a.username() + " : " + String.join(",", a.roles())));
        case "add" -> {
          need(name != null && args.size() <= 3, "add NAME [ROLE,...]");
          Account.checkName(name);
          if (accounts.containsKey(name)) {
            throw new IllegalArgumentException("user '" + name + "' exists; use passwd or roles");
          }
          Set<String> roles = args.size() == 3 ? roles(args.get(2)) : Set.of(Roles.USER);
          accounts.put(name, new Account(name, PasswordHashes.hash(password()), roles));
          store.write(accounts);
          out.println("added " + name + " (" + String.join(",", accounts.get(name).roles()) + ")");
        }
        case "passwd" -> {
          Account old = existing(accounts, name, args.size() == 2, "passwd NAME");
          accounts.put(name, new Account(name, PasswordHashes.hash(password()), old.roles()));
          store.write(accounts);
          out.println("password of " + name + " changed");
          forgetGeneratedPassword(file, name);
        }
        case "roles" -> {
          Account old = existing(accounts, name, args.size() == 3, "roles NAME ROLE,...");
          accounts.put(name, new Account(name, old.passwordHash(), roles(args.get(2))));
          store.write(accounts);
          out.println(name + " : " + String.join(",", accounts.get(name).roles()));
        }
        case "remove" -> {
          existing(accounts, name, args.size() == 2, "remove NAME");
          accounts.remove(name);
          store.write(accounts);
          out.println("removed " + name);
          forgetGeneratedPassword(file, name);
        }
        default ->
            throw new IllegalArgumentException("unknown command '" + command + "'\n" + USAGE);
      }
      return 0;
    } catch (IllegalArgumentException | IOException e) {
      err.println("moi-users: " + e.getMessage());
      return 1;
    }
  }

  // The first admin's generated password, kept beside the account file, is wrong from now on.
  private void forgetGeneratedPassword(String accountFile, String name) throws IOException {
    var generated = new AdminPasswordFile(Path.of(accountFile));
    if (name.equals("admin") && generated.forget()) {
      out.println("deleted " + generated.path() + " (it held the first, generated password)");
    }
  }

  private static void need(boolean ok, String usage) {
    if (!ok) {
      throw new IllegalArgumentException("usage: moi-users " + usage);
    }
  }

  private static Account existing(
      Map<String, Account> accounts, String name, boolean ok, String usage) {
    need(name != null && ok, usage);
    Account account = accounts.get(name);
    if (account == null) {
      throw new IllegalArgumentException("no user '" + name + "'");
    }
    return account;
  }

  private static Set<String> roles(String list) {
    var roles = new LinkedHashSet<String>();
    for (String role : list.split(",")) {
      if (!role.isBlank()) {
        roles.add(role.strip());
      }
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("give at least one role");
    }
    return roles;
  }

  private char[] password() throws IOException {
    String given = env.get("MOI_PASSWORD");
    if (given != null && !given.isEmpty()) {
      return given.toCharArray();
    }
    var console = System.console();
    if (console != null && stdin == null) {
      char[] first = console.readPassword("password: ");
      char[] second = console.readPassword("again: ");
      if (first == null || !Arrays.equals(first, second)) {
        throw new IllegalArgumentException("the passwords differ");
      }
      return checked(first);
    }
    String line = stdin == null ? null : stdin.readLine();
    if (line == null) {
      throw new IllegalArgumentException(
          "no password given (MOI_PASSWORD, terminal or standard input)");
    }
    return checked(line.toCharArray());
  }

  private static char[] checked(char[] password) {
    if (password.length < 8) {
      throw new IllegalArgumentException("a password needs at least 8 characters");
    }
    return password;
  }
}
