package io.showers.cli;

/** Shared behaviour of sub-commands reserved for capabilities that are not built yet. */
final class Reserved {
  private Reserved() {}

  static UserException unavailable(String command, String what) {
    return new UserException(
        "'showers " + command + "' (" + what + ") is not available in this build yet",
        Showers.EXIT_UNAVAILABLE);
  }
}
