package io.showers.cli;

import io.showers.detector.ProgressListener;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars (rate and ETA) on standard error for long work. */
final class ProgressBars {
  private ProgressBars() {}

  /** A progress bar that is also a {@link ProgressListener}; close it when done. */
  static final class Bar implements ProgressListener, AutoCloseable {
    private final ProgressBar bar;

    private Bar(ProgressBar bar) {
      this.bar = bar;
    }

    @Override
    public void advance(long n) {
      synchronized (bar) {
        bar.stepBy(n);
      }
    }

    /** Sets the extra message shown after the bar (losses, current step). */
    void message(String text) {
      bar.setExtraMessage(text);
    }

    @Override
    public void close() {
      bar.close();
    }
  }

  static Bar start(String task, long total, String unit) {
    return start(task, total, unit, 0);
  }

  /** As above, {@code done} of the {@code total} already done (a resumed run): rate and ETA count from there. */
  static Bar start(String task, long total, String unit, long done) {
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setUnit(" " + unit, 1)
        .showSpeed()
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .continuousUpdate()
        .startsFrom(done, Duration.ZERO)
        .build();
    return new Bar(bar);
  }
}
