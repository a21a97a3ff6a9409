package io.moi.jobs.control;

import java.util.List;

/** The names of Linux signals, for failure texts a person can read. */
final class Signals {

  private static final List<String> NAMES =
      List.of(
          "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
          "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
          "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

  private Signals() {}

  /** SIGKILL for 9; SIGRTMIN+N for the real-time signals. */
  static String name(int signal) {
    if (signal >= 1 && signal <= NAMES.size()) {
      return "SIG" + NAMES.get(signal - 1);
    }
    return signal >= 34 ? "SIGRTMIN+" + (signal - 34) : "signal " + signal;
  }
}
