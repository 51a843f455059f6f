package io.showers.datasets;

import io.showers.detector.DetectorConfig;
import io.showers.detector.EventBatch;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * One logical dataset made of one file, a list of files, or a directory of shards, read in
 * batches without loading everything into memory. All files must share schema and detector
 * configuration.
 */
public final class ShowerDataset implements AutoCloseable, Iterable<EventBatch> {
  private static final Pattern SHARD = Pattern.compile(".*-\\d{5}\\.h5");

  private final List<ShowerFile> files;
  private final long[] starts;
  private final long size;

  private ShowerDataset(List<ShowerFile> files) {
    this.files = files;
    this.starts = new long[files.size() + 1];
    for (int i = 0; i < files.size(); i++) {
      starts[i + 1] = starts[i] + files.get(i).size();
    }
    this.size = starts[files.size()];
  }

  /**
   * Opens files and directories as one dataset. A directory contributes its {@code *.h5} files
   * in name order; a missing {@code name.h5} whose shards {@code name-00000.h5, ...} exist
   * opens those shards.
   */
  public static ShowerDataset open(Path... paths) {
    return open(List.of(paths));
  }

  /** See {@link #open(Path...)}. */
  public static ShowerDataset open(List<Path> paths) {
    if (paths.isEmpty()) {
      throw new DatasetException("no input files given");
    }
    List<Path> expanded = new ArrayList<>();
    for (Path p : paths) {
      expanded.addAll(expand(p));
    }
    List<ShowerFile> opened = new ArrayList<>();
    try {
      for (Path p : expanded) {
        ShowerFile f = ShowerFile.open(p);
        opened.add(f);
        ShowerFile first = opened.get(0);
        if (f.metadata().schema() != first.metadata().schema()) {
          throw new DatasetException(p + ": schema " + f.metadata().schema().attribute()
              + " differs from " + first.metadata().schema().attribute() + " of " + first.path());
        }
        if (!f.metadata().detector().toJson().equals(first.metadata().detector().toJson())) {
          throw new DatasetException(p + ": detector configuration " + f.metadata().detector().toJson()
              + " differs from " + first.metadata().detector().toJson() + " of " + first.path());
        }
      }
    } catch (RuntimeException e) {
      opened.forEach(ShowerFile::close);
      throw e;
    }
    return new ShowerDataset(opened);
  }

  /** The files a path stands for (itself, a directory's .h5 files, or a missing name's shards). */
  public static List<Path> expand(Path p) {
    if (Files.isDirectory(p)) {
      List<Path> h5 = list(p, "*.h5");
      if (h5.isEmpty()) {
        throw new DatasetException(p + ": directory holds no .h5 files");
      }
      return h5;
    }
    if (!Files.exists(p) && p.getFileName().toString().endsWith(".h5")) {
      String stem = p.getFileName().toString().replaceFirst("\\.h5$", "");
      Path dir = p.toAbsolutePath().getParent();
      if (dir != null && Files.isDirectory(dir)) {
        List<Path> shards = list(dir, stem + "-[0-9][0-9][0-9][0-9][0-9].h5");
        if (!shards.isEmpty()) {
          return shards;
        }
      }
    }
    return List.of(p);
  }

  /** Whether a file name looks like a numbered shard ({@code name-00012.h5}). */
  public static boolean isShardName(Path p) {
    return SHARD.matcher(p.getFileName().toString()).matches();
  }

  private static List<Path> list(Path dir, String glob) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, glob)) {
      s.forEach(out::add);
    } catch (IOException e) {
      throw new DatasetException(dir + ": cannot list: " + e);
    }
    out.sort(Comparator.comparing(Path::toString));
    return out;
  }

  /** Total number of events over all files. */
  public long size() {
    return size;
  }

  public List<ShowerFile> files() {
    return files;
  }

  /** Metadata of the first file (schema and detector are shared by all). */
  public FileMetadata metadata() {
    return files.get(0).metadata();
  }

  public DetectorConfig detector() {
    return metadata().detector();
  }

  /** Reads up to {@code n} events starting at global index {@code from}, across file boundaries. */
  public EventBatch read(long from, int n) {
    if (from < 0 || n < 1 || from + n > size) {
      throw new IndexOutOfBoundsException("events [" + from + ", " + (from + n) + ") outside [0, " + size + ")");
    }
    List<EventBatch> parts = new ArrayList<>();
    long at = from;
    long end = from + n;
    for (int i = 0; i < files.size() && at < end; i++) {
      if (at >= starts[i + 1]) {
        continue;
      }
      int local = (int) (at - starts[i]);
      int take = (int) Math.min(end, starts[i + 1]) - (int) at;
      parts.add(files.get(i).readBatch(local, take));
      at += take;
    }
    return Batches.concat(parts);
  }

  /** Reads everything into one batch (for small sets; use {@link #batches(int)} for large ones). */
  public EventBatch readAll() {
    if (size > Integer.MAX_VALUE) {
      throw new DatasetException("dataset of " + size + " events is too large to read at once");
    }
    return read(0, (int) size);
  }

  /** Consecutive batches of {@code batchSize} events (the last may be smaller). */
  public Iterable<EventBatch> batches(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    return () -> new Iterator<>() {
      long next = 0;

      @Override
      public boolean hasNext() {
        return next < size;
      }

      @Override
      public EventBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int n = (int) Math.min(batchSize, size - next);
        EventBatch b = read(next, n);
        next += n;
        return b;
      }
    };
  }

  @Override
  public Iterator<EventBatch> iterator() {
    return batches(1024).iterator();
  }

  @Override
  public void close() {
    files.forEach(ShowerFile::close);
  }
}
