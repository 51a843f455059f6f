#!/usr/bin/env bash
# Builds the self-contained GPU bundle for nodes without a JDK or network: a jlink'ed Java runtime, the
# showers-gpu jars, the shipped calorimeter export and a launcher that finds the host's CUDA 13 libraries.
#   gpu/bundle.sh [OUT_DIR]     (default gpu/target/showers-gpu-bundle-ARCH; also writes OUT_DIR.tar.gz)
# The runtime and the JNI libraries are the building machine's architecture (x86_64 or aarch64): build on the kind
# of node that will run it. OUT_DIR is replaced only if it is an earlier bundle.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ARCH=$(uname -m)
OUT="${1:-$ROOT/gpu/target/showers-gpu-bundle-$ARCH}"
if [[ -e "$OUT" && ! -e "$OUT/.showers-gpu-bundle" ]]; then
  echo "bundle: $OUT exists and is not a showers-gpu bundle; choose another folder" >&2
  exit 2
fi
EXPORT="$ROOT/models/calorimeter-wgan-gpu/generator-gpu.h5"
[[ -f "$EXPORT" ]] || { echo "bundle: $EXPORT is missing (bin/showers export --model models/calorimeter-wgan-gpu)" >&2; exit 2; }
rm -rf "$ROOT/gpu/target/lib"   # no jars of an earlier build
(cd "$ROOT" && mvn -q -B -DskipTests package -pl gpu -am)
command -v jlink >/dev/null || { echo "bundle: jlink not found (needs a JDK 17+)" >&2; exit 2; }
rm -rf "$OUT" "$OUT.tar.gz"
mkdir -p "$OUT/bin" "$OUT/models/calorimeter-wgan-gpu"
touch "$OUT/.showers-gpu-bundle"
# java.base, Unsafe for JavaCPP, java.logging for jline; nothing here needs AWT, SQL or XML
jlink --add-modules java.base,jdk.unsupported,java.logging --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$OUT/runtime"
cp -r "$ROOT/gpu/target/showers-gpu.jar" "$ROOT/gpu/target/lib" "$OUT/"
case "$ARCH" in   # JNI libraries of this architecture only
  x86_64) rm -f "$OUT"/lib/*-linux-arm64.jar ;;
  aarch64) rm -f "$OUT"/lib/*-linux-x86_64.jar ;;
esac
cp "$EXPORT" "$ROOT/models/calorimeter-wgan-gpu/MODEL_CARD.md" "$OUT/models/calorimeter-wgan-gpu/"
cp "$ROOT/gpu/src/main/sh/cuda-libraries.sh" "$OUT/bin/"
cat > "$OUT/bin/showers-gpu" <<'LAUNCHER'
#!/usr/bin/env bash
# showers-gpu from the self-contained bundle: its own Java runtime, the host's CUDA 13 libraries.
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$HOME_DIR/bin/cuda-libraries.sh"
exec "$HOME_DIR/runtime/bin/java" ${SHOWERS_JAVA_OPTS:--Xmx8g} -Dshowers.home="$HOME_DIR" \
  -Dorg.bytedeco.javacpp.cachedir="$SHOWERS_JAVACPP_CACHE" -jar "$HOME_DIR/showers-gpu.jar" "$@"
LAUNCHER
chmod +x "$OUT/bin/showers-gpu"
tar -C "$(dirname "$OUT")" -czf "$OUT.tar.gz" "$(basename "$OUT")"
echo "bundle: $OUT ($(du -sh "$OUT" | cut -f1)), $OUT.tar.gz ($(du -sh "$OUT.tar.gz" | cut -f1))"
