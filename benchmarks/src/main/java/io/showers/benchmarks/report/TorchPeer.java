package io.showers.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.showers.detector.Json;
import io.showers.generative.nn.DenseSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The PyTorch peer: the same dense generator architecture (random weights) built in PyTorch by
 * {@code /usr/bin/python3}, timed on the same number of threads and batch sizes. Absent torch
 * is a reason, never an error.
 */
public final class TorchPeer {
  public static final String PYTHON = "/usr/bin/python3";

  static final String SCRIPT = String.join("\n",
      "import json, sys, time",
      "try:",
      "    import torch",
      "except Exception as e:",
      "    print(json.dumps({'error': 'python3 cannot import torch (%s: %s)' % (type(e).__name__, e)}))",
      "    sys.exit(0)",
      "cfg = json.loads(sys.argv[1])",
      "torch.set_num_threads(cfg['threads'])",
      "sizes, alpha = cfg['sizes'], cfg['alpha']",
      "class SmoothLeaky(torch.nn.Module):",
      "    def forward(self, z):",
      "        return alpha * z + (1 - alpha) * torch.nn.functional.softplus(z)",
      "def act(name):",
      "    return {'IDENTITY': torch.nn.Identity(), 'RELU': torch.nn.ReLU(), 'LEAKY_RELU': torch.nn.LeakyReLU(alpha),",
      "            'SMOOTH_LEAKY_RELU': SmoothLeaky(), 'TANH': torch.nn.Tanh(), 'SIGMOID': torch.nn.Sigmoid()}[name]",
      "layers = []",
      "for l in range(len(sizes) - 1):",
      "    layers.append(torch.nn.Linear(sizes[l], sizes[l + 1]))",
      "    layers.append(act(cfg['output'] if l == len(sizes) - 2 else cfg['hidden']))",
      "net = torch.nn.Sequential(*layers).eval()",
      "out = {'torch': torch.__version__, 'threads': torch.get_num_threads(), 'rows': []}",
      "with torch.inference_mode():",
      "    for b in cfg['batches']:",
      "        x = torch.randn(b, sizes[0])",
      "        t0 = time.perf_counter()",
      "        while time.perf_counter() - t0 < cfg['warmup']:",
      "            net(x)",
      "        ms = []",
      "        for i in range(cfg['iterations']):",
      "            n, t0 = 0, time.perf_counter()",
      "            while True:",
      "                net(x); n += 1",
      "                dt = time.perf_counter() - t0",
      "                if dt >= cfg['time']:",
      "                    break",
      "            ms.append(1e3 * dt / n / b)",
      "        out['rows'].append({'batch': b, 'ms': ms})",
      "print(json.dumps(out))",
      "");

  private TorchPeer() {}

  /** Result: rows per batch, or the reason there are none. */
  public record Result(Map<Integer, double[]> msPerShower, String version, String unavailable) {}

  /**
   * Times the architecture; never throws for a missing interpreter or torch.
   *
   * @param iterations measurement iterations per batch size, each {@code seconds} long
   */
  public static Result run(DenseSpec spec, int threads, int[] batches, int iterations, double seconds,
      double warmupSeconds) {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      return new Result(Map.of(), null, PYTHON + " not found");
    }
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("sizes", spec.sizes());
    cfg.put("hidden", spec.hidden().name());
    cfg.put("output", spec.output().name());
    cfg.put("alpha", spec.alpha());
    cfg.put("threads", threads);
    cfg.put("batches", batches);
    cfg.put("iterations", iterations);
    cfg.put("time", seconds);
    cfg.put("warmup", warmupSeconds);
    Path script = null;
    try {
      script = Files.createTempFile("showers-torch-peer", ".py");
      Files.writeString(script, SCRIPT);
      ProcessBuilder pb = new ProcessBuilder(PYTHON, script.toString(), Json.write(cfg));
      pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
      pb.redirectErrorStream(false);
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
      Process p = pb.start();
      double budget = 60 + batches.length * (warmupSeconds + iterations * seconds) * 3;
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor((long) budget, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(Map.of(), null, "PyTorch peer timed out");
      }
      String text = new String(out, StandardCharsets.UTF_8).trim();
      String last = text.isEmpty() ? "" : text.substring(text.lastIndexOf('\n') + 1);
      if (last.isEmpty()) {
        return new Result(Map.of(), null, "PyTorch peer printed nothing (exit " + p.exitValue() + ")");
      }
      JsonNode n = Json.mapper().readTree(last);
      if (n.has("error")) {
        return new Result(Map.of(), null, n.get("error").asText());
      }
      Map<Integer, double[]> rows = new LinkedHashMap<>();
      for (JsonNode r : n.get("rows")) {
        List<Double> ms = new ArrayList<>();
        r.get("ms").forEach(v -> ms.add(v.asDouble()));
        rows.put(r.get("batch").asInt(), ms.stream().mapToDouble(Double::doubleValue).toArray());
      }
      return new Result(rows, n.path("torch").asText(), null);
    } catch (IOException | RuntimeException e) {
      return new Result(Map.of(), null, "PyTorch peer failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(Map.of(), null, "PyTorch peer interrupted");
    } finally {
      if (script != null) {
        try {
          Files.deleteIfExists(script);
        } catch (IOException e) {
          // temporary file
        }
      }
    }
  }
}
