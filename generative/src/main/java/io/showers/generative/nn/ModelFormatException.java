package io.showers.generative.nn;

import java.io.IOException;

/** A model, weights or checkpoint file exists but is unreadable, truncated or inconsistent. */
public class ModelFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
