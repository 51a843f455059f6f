package io.showers.datasets;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;
import io.showers.detector.EventBatch;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes one batch of events as one HDF5 file: chunked, byte-shuffled and deflate-compressed
 * arrays with the root attributes of the schema. The file appears under its final name only
 * when complete (written to a temporary name in the same directory, then renamed).
 */
public final class ShowerFileWriter {
  /** Target uncompressed bytes per chunk. */
  private static final int CHUNK_BYTES = 1 << 20;

  private ShowerFileWriter() {}

  /**
   * Writes {@code events} to {@code file}.
   *
   * @throws DatasetException if the file exists and {@code overwrite} is false, the directory is
   *     not writable, or the batch does not match the detector configuration
   */
  public static void write(Path file, EventBatch events, FileMetadata meta, boolean overwrite) {
    Schema schema = meta.schema();
    if (events.detector() != schema.detector() || meta.detector().kind() != schema.detector()) {
      throw new DatasetException(file + ": cannot write " + events.detector() + " events with the "
          + schema.attribute() + " schema and a " + meta.detector().kind() + " configuration");
    }
    if (events.size() < 1) {
      throw new DatasetException(file + ": refusing to write a file with no events");
    }
    meta.detector().validate();
    List<Column> columns = schema.columns(events);
    for (Column c : columns) {
      int[] expected = Schema.withEvents(events.size(), schema.eventShape(c.name(), meta.detector()));
      if (!Arrays.equals(expected, c.shape())) {
        throw new DatasetException(file + ": array '" + c.name() + "' has shape "
            + Arrays.toString(c.shape()) + " but the detector configuration requires "
            + Arrays.toString(expected));
      }
    }
    prepareTarget(file, overwrite);
    try {
      AtomicFiles.write(file, tmp -> {
        try (WritableHdfFile h5 = HdfFile.write(tmp)) {
          h5.putAttribute("schema", schema.attribute());
          h5.putAttribute("detector", meta.detector().toJson());
          h5.putAttribute("producer", meta.producer());
          h5.putAttribute("seed", meta.seed());
          h5.putAttribute("first_event", meta.firstEvent());
          h5.putAttribute("created", meta.created().toString());
          for (Column c : columns) {
            WritableDataset ds = h5.putDataset(c.name(), NestedArrays.toNested(c.data(), c.shape()), options(c));
            ArraySpec spec = schema.spec(c.name());
            ds.putAttribute("units", spec.unit());
            ds.putAttribute("description", spec.description());
          }
        }
      });
    } catch (AccessDeniedException e) {
      throw new DatasetException(file + ": cannot write, permission denied in " + file.toAbsolutePath().getParent(), e);
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot write: " + e, e);
    }
  }

  /** Checks that {@code file} may be (over)written and its directory exists and is writable. */
  public static void prepareTarget(Path file, boolean overwrite) {
    if (Files.isDirectory(file)) {
      throw new DatasetException(file + ": is a directory; expected a file name ending in .h5");
    }
    if (Files.exists(file) && !overwrite) {
      throw new DatasetException(file + ": already exists; use --force to overwrite it");
    }
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new DatasetException(file + ": directory " + dir + " does not exist");
    }
    if (!Files.isWritable(dir)) {
      throw new DatasetException(file + ": directory " + dir + " is not writable");
    }
  }

  private static DatasetCreationOptions options(Column c) {
    int[] chunk = c.shape().clone();
    long bytesPerEvent = 4L * c.perEvent();
    chunk[0] = (int) Math.max(1, Math.min(c.shape()[0], CHUNK_BYTES / bytesPerEvent));
    return DatasetCreationOptions.builder().chunkDimensions(chunk).shuffle().deflate(4).build();
  }
}
