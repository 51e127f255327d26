package dev.streamrelay.connect.config;

import java.util.List;

/** A template names variables that neither the environment file nor the environment defines. */
public final class MissingVariablesException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> names;

  MissingVariablesException(String source, List<String> names) {
    super(
        source
            + " uses variables with no value: "
            + String.join(", ", names)
            + ". Define them in the environment file or as environment variables.");
    this.names = List.copyOf(names);
  }

  /** The missing variable names, sorted. */
  public List<String> names() {
    return names;
  }
}
