# Sourced by bin/showers-gpu and the bundle's launcher: puts the folders of the host's CUDA 13 libraries
# (libcudart.so.13, libcublas.so.13, libcublasLt.so.13) and of the driver (libcuda.so.1) on LD_LIBRARY_PATH.
# Looks in $CUDA_HOME, the usual system places, and the nvidia packages of a Python with a CUDA 13 PyTorch.
# The user's own LD_LIBRARY_PATH comes first.
showers_cuda_library_path() {
  local found=() d py site
  local candidates=(
    ${CUDA_HOME:+"$CUDA_HOME/lib64" "$CUDA_HOME/targets/x86_64-linux/lib"}
    /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib
    /usr/local/cuda-13*/targets/x86_64-linux/lib /usr/local/cuda-13*/lib64
    /usr/lib/x86_64-linux-gnu /usr/lib64
  )
  for py in ${SHOWERS_GPU_PYTHON:-} python3 python; do
    site=$("$py" -c 'import nvidia, os; print(os.path.abspath(list(nvidia.__path__)[0]))' 2>/dev/null) || continue
    candidates+=("$site"/cu13/lib "$site"/cublas/lib "$site"/cuda_runtime/lib "$site"/cudnn/lib)
    break
  done
  for d in "${candidates[@]}"; do
    [[ -e "$d/libcublas.so.13" || -e "$d/libcudart.so.13" ]] && found+=("$d")
  done
  for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib; do
    [[ -e "$d/libcuda.so.1" ]] && { found+=("$d"); break; }
  done
  local joined
  joined=$(IFS=:; echo "${found[*]}")
  export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$joined"
}
showers_cuda_library_path
