#!/usr/bin/env bash
# Compiles the GPU module's CUDA kernels into the fatbin resource the jar carries (needs nvcc 13), and records the
# source's SHA-256 beside it (KernelsTest fails when the source changed and this was not rerun).
# sm_80 (A100) and sm_90 (H100/H200) machine code, compute_90 PTX for newer GPUs to compile at load.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
RES=src/main/resources/io/showers/gpu
nvcc -fatbin -O3 -gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90 \
  -gencode arch=compute_90,code=compute_90 -o "$RES/showers_kernels.fatbin" src/main/cuda/showers_kernels.cu
sha256sum src/main/cuda/showers_kernels.cu | cut -d' ' -f1 > "$RES/showers_kernels.cu.sha256"
echo "wrote $RES/showers_kernels.fatbin ($(stat -c %s "$RES/showers_kernels.fatbin") bytes)"
