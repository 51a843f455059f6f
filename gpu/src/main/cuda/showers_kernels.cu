// CUDA kernels of the GPU generator (module gpu). Compiled ahead of time by gpu/build-kernels.sh into
// src/main/resources/io/showers/gpu/showers_kernels.fatbin; the dense layers' matrix products are cuBLAS calls.
// Every kernel mirrors one stage of the CPU implementation (io.showers.generative); see GpuExport for the stages.

typedef unsigned long long u64;

#define PI 3.141592653589793
#define GOLDEN 0x9E3779B97F4A7C15ULL

// Java's Math.min and Math.max: NaN in, NaN out (CUDA's fmin/fmax return the other argument and would hide it).
__device__ __forceinline__ double jmin(double a, double b) { return a != a || b != b ? a + b : fmin(a, b); }
__device__ __forceinline__ double jmax(double a, double b) { return a != a || b != b ? a + b : fmax(a, b); }

// SplitMix64's finaliser, as io.showers.generative.nn.Rng.mix.
__device__ __forceinline__ u64 mix64(u64 z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Row k of the generator's input: noise from Rng(seeds[k]) (Box-Muller, one pair of draws per value, as
// Rng.nextGaussian) then the event's labels. One thread per event.
extern "C" __global__ void noise_and_labels(const u64* seeds, const float* labels, float* x, int n, int noiseDim,
                                            int labelDim) {
  int k = blockIdx.x * blockDim.x + threadIdx.x;
  if (k >= n) return;
  int w = noiseDim + labelDim;
  u64 state = mix64(seeds[k]);
  float* row = x + (size_t)k * w;
  for (int j = 0; j < noiseDim; j++) {
    state += GOLDEN;
    u64 a = mix64(state);
    state += GOLDEN;
    u64 b = mix64(state);
    double u1 = 1.0 - (double)(a >> 11) * 0x1.0p-53;
    double u2 = (double)(b >> 11) * 0x1.0p-53;
    row[j] = (float)(__dsqrt_rn(-2.0 * log(u1)) * cos(2 * PI * u2));
  }
  for (int j = 0; j < labelDim; j++) row[noiseDim + j] = labels[(size_t)k * labelDim + j];
}

// y = act(y + b) on a row-major [rows x width] matrix; act as io.showers.generative.nn.Activation's ordinal.
// Activation by io.showers.generative.nn.Activation's ordinal.
__device__ __forceinline__ float activate(float v, int act, float alpha) {
  switch (act) {
    case 1: return v > 0.f ? v : 0.f;                                        // RELU
    case 2: return v < 0.f ? v * alpha : v;                                  // LEAKY_RELU
    case 3: {                                                                // SMOOTH_LEAKY_RELU
      float sp = v > 0.f ? v + log1pf(expf(-v)) : log1pf(expf(v));
      return alpha * v + (1.f - alpha) * sp;
    }
    case 4: return tanhf(v);                                                 // TANH
    case 5: return 1.f / (1.f + expf(-v));                                   // SIGMOID
    default: return v;                                                       // IDENTITY
  }
}

// y = act(y + b) on a row-major [rows x width] matrix.
extern "C" __global__ void bias_activation(float* y, const float* b, long long total, int width, int act,
                                           float alpha) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total;
       i += (long long)gridDim.x * blockDim.x) {
    y[i] = activate(y[i] + b[i % width], act, alpha);
  }
}

#define MAX_DENSITY_WIDTH 128

// The total density of TotalDensity.logTotals, fused: its small network on the event's labels (layer l reads
// layout[5l..5l+4] = inputs, outputs, weight offset, bias offset, activation; widths <= MAX_DENSITY_WIDTH; one
// thread per event, the weights read by all threads alike), then
//   ln T = b0 + b.y + s m0 + shift.basis(y) + s exp(clamp(m1)) z0
// with z0 the event's first noise value (x[k * xWidth]).
extern "C" __global__ void total_density(const float* labels, int labelDim, const float* params, const int* layout,
                                         int layers, float alpha, const float* x, int xWidth, const double* baseline,
                                         const double* shift, double logTotalStd, double minLogSpread,
                                         double maxLogSpread, double* logTotal, int n) {
  int k = blockIdx.x * blockDim.x + threadIdx.x;
  if (k >= n) return;
  const float* y = labels + (size_t)k * labelDim;
  float a[MAX_DENSITY_WIDTH], b[MAX_DENSITY_WIDTH];
  for (int j = 0; j < labelDim; j++) a[j] = y[j];
  for (int l = 0; l < layers; l++) {
    const int* L = layout + 5 * l;
    int in = L[0], out = L[1], act = L[4];
    const float* w = params + L[2];
    const float* bias = params + L[3];
    for (int o = 0; o < out; o++) {
      float s = 0.f;
      for (int i = 0; i < in; i++) s += a[i] * w[i * out + o];
      b[o] = activate(s + bias[o], act, alpha);
    }
    for (int o = 0; o < out; o++) a[o] = b[o];
  }
  double linear = baseline[0];
  for (int j = 0; j < labelDim; j++) linear += baseline[1 + j] * (double)y[j];
  double delta = shift[0];
  int c = 1;
  for (int j = 0; j < labelDim; j++) delta += shift[c++] * (double)y[j];
  for (int j = 0; j < labelDim; j++)
    for (int i = j; i < labelDim; i++) delta += shift[c++] * ((double)y[j] * (double)y[i]);
  double sigma = logTotalStd * exp(jmax(minLogSpread, jmin(maxLogSpread, (double)a[1])));
  logTotal[k] = linear + logTotalStd * (double)a[0] + delta + sigma * (double)x[(size_t)k * xWidth];
}

__device__ __forceinline__ double warpMax(double v) {
  for (int o = 16; o > 0; o >>= 1) v = jmax(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}

__device__ __forceinline__ double warpSum(double v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

// The integral of a normal distribution of width sigma over unit cell c of n centred cells, from x0.
__device__ __forceinline__ double cellIntegral(int c, int n, double x0, double sigma) {
  return normcdf((c + 1 - n / 2.0 - x0) / sigma) - normcdf((c - n / 2.0 - x0) / sigma);
}

// The calorimeter head and decoding (EnergyShareHead with a total density and a transverse prior, then
// CalorimeterCodec.decode): one block per event, one warp per layer (blockDim.x = 32 * groups). Dynamic shared
// memory: per warp, (rows + 1)(cols + 1) corner values and 2 rows cols cell values, in doubles.
extern "C" __global__ void calorimeter_head(const float* raw, int rawDim, const float* labels, int labelDim,
                                            const double* logTotal, const float* energyGeV, const double* groupPrior,
                                            const float* cellPrior, const double* coreWidth, const double* haloWidth,
                                            const double* haloFraction, int gflash, int impactX, int impactY,
                                            int groups, int rows, int cols, double maxLogTotal, double shareFloor,
                                            double energyPivotGeV, double maxAmount, float thresholdMip,
                                            float* cellsMip, int n) {
  extern __shared__ double smem[];
  int k = blockIdx.x;
  int g = threadIdx.x >> 5;
  int lane = threadIdx.x & 31;
  if (k >= n || g >= groups) return;  // whole warps: no block-wide barrier follows
  int cells = rows * cols;
  int corners = (rows + 1) * (cols + 1);
  double* corner = smem + (size_t)g * (corners + 2 * cells);
  double* logit = corner + corners;
  double* prior = logit + cells;
  const float* r = raw + (size_t)k * rawDim;
  const float* y = labels + (size_t)k * labelDim;
  double x0 = y[impactX], y0 = y[impactY];
  double rc = coreWidth[g], rh = haloWidth[g], p = haloFraction[g];

  // the layer's share of the event: a softmax over the layers
  int totalCells = groups * cells;
  double gmax = -INFINITY;
  for (int h = 0; h < groups; h++) gmax = jmax(gmax, groupPrior[h] + (double)r[totalCells + h]);
  double gsum = 0;
  for (int h = 0; h < groups; h++) gsum += exp(groupPrior[h] + (double)r[totalCells + h] - gmax);
  double groupShare = exp(groupPrior[g] + (double)r[totalCells + g] - gmax) / gsum;

  if (gflash) {
    // GFlash's core and halo integrated from the impact to every cell corner (TransversePrior.addCorners)
    for (int c = lane; c < corners; c += 32) {
      int i = c / (cols + 1), j = c % (cols + 1);
      double v = 0;
      for (int comp = 0; comp < 2; comp++) {
        double radius = comp == 0 ? rc : rh;
        double weight = (comp == 0 ? 1 - p : p) / (2 * PI);
        double u = (j - cols / 2.0 - x0) / radius, w = (i - rows / 2.0 - y0) / radius;
        double bu = 1 / sqrt(1 + u * u), dw = 1 / sqrt(1 + w * w);
        v += weight * (u * bu * atan(w * bu) + w * dw * atan(u * dw));
      }
      corner[c] = v;
    }
    __syncwarp();
  }
  double lmax = -INFINITY;
  for (int c = lane; c < cells; c += 32) {
    int i = c / cols, j = c % cols;
    double s;
    if (gflash) {
      int lo = i * (cols + 1), hi = lo + cols + 1;
      s = corner[hi + j + 1] - corner[hi + j] - corner[lo + j + 1] + corner[lo + j];
    } else {
      s = (1 - p) * cellIntegral(j, cols, x0, rc) * cellIntegral(i, rows, y0, rc)
          + p * cellIntegral(j, cols, x0, rh) * cellIntegral(i, rows, y0, rh);
    }
    prior[c] = jmax(s, shareFloor);
    double l = (double)cellPrior[g * cells + c] + (double)r[g * cells + c];
    logit[c] = l;
    lmax = jmax(lmax, l);
  }
  lmax = warpMax(lmax);
  double sum = 0;
  for (int c = lane; c < cells; c += 32) {
    double e = exp(logit[c] - lmax) * prior[c];
    logit[c] = e;
    sum += e;
  }
  sum = warpSum(sum);
  double groupTotal = exp(jmin(logTotal[k], maxLogTotal)) * groupShare / sum;
  double scale = (double)energyGeV[k] / energyPivotGeV;
  float* out = cellsMip + (size_t)k * totalCells + (size_t)g * cells;
  for (int c = lane; c < cells; c += 32) {
    float mip = (float)(scale * jmin(groupTotal * logit[c], maxAmount));
    out[c] = mip < thresholdMip ? 0.f : mip;
  }
}
