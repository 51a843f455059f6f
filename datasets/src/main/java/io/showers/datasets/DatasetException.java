package io.showers.datasets;

/** A dataset problem with a one-line message naming the file, what was found and what was expected. */
public class DatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatasetException(String message) {
    super(message);
  }

  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}
