package io.showers.cli;

import java.util.List;

/** The quickstart stages available in this build, in pipeline order. */
final class QuickstartSteps {
  private QuickstartSteps() {}

  static List<QuickstartCommand.Step> all() {
    return List.of();
  }
}
