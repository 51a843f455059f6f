# Sourced by bin/showers-gpu and the bundle's launcher: appends to LD_LIBRARY_PATH the folders holding the host's
# CUDA 13 libraries (libcudart.so.13, libcublas.so.13, libcublasLt.so.13) that the dynamic linker would not find on
# its own: $CUDA_HOME, /usr/local/cuda*, and the nvidia packages of a Python with a CUDA 13 PyTorch. The driver
# (libcuda.so.1) is left to the linker's cache unless it lives in /usr/local/nvidia. The user's LD_LIBRARY_PATH
# comes first; SHOWERS_GPU_PYTHON names the Python to ask. Also sets where JavaCPP unpacks its JNI libraries.
showers_cuda_library_path() {
  local arch target found=() d py site joined
  arch=$(uname -m)
  case "$arch" in
    x86_64) target=x86_64-linux ;;
    aarch64) target=sbsa-linux ;;
    *) target=$arch-linux ;;
  esac
  local candidates=(
    ${CUDA_HOME:+"$CUDA_HOME/lib64" "$CUDA_HOME/targets/$target/lib"}
    /usr/local/cuda/lib64 /usr/local/cuda/targets/"$target"/lib
    /usr/local/cuda-13*/targets/"$target"/lib /usr/local/cuda-13*/lib64
  )
  for py in ${SHOWERS_GPU_PYTHON:-} python3 python; do
    site=$("$py" -c 'import nvidia, os; print(os.path.abspath(list(nvidia.__path__)[0]))' 2>/dev/null) || continue
    candidates+=("$site"/cu13/lib "$site"/cublas/lib "$site"/cuda_runtime/lib)
    break
  done
  for d in "${candidates[@]}" /usr/local/nvidia/lib64; do
    [[ -e "$d/libcublas.so.13" || -e "$d/libcudart.so.13" || -e "$d/libcuda.so.1" ]] || continue
    d=$(cd "$d" && pwd -P)
    [[ ":${LD_LIBRARY_PATH:-}:${joined:-}:" == *":$d:"* ]] && continue
    joined="${joined:+$joined:}$d"
  done
  if [[ -n "${joined:-}" ]]; then
    export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$joined"
  fi
}
showers_cuda_library_path
# JavaCPP unpacks its JNI libraries once per user and version; a read-only or shared $HOME must not stop it
SHOWERS_JAVACPP_CACHE="${SHOWERS_JAVACPP_CACHE:-${TMPDIR:-/tmp}/showers-gpu-javacpp-$(id -u)}"
