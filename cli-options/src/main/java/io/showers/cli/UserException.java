package io.showers.cli;

/** A problem caused by the user's input, reported as one line with a chosen exit code. */
public class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** Exit code for invalid input (bad file, bad option value) after a one-line message. */
  public static final int EXIT_BAD_INPUT = 2;
  private final int exitCode;

  public UserException(String message) {
    this(message, EXIT_BAD_INPUT);
  }

  public UserException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
