#!/usr/bin/env bash
# Builds the self-contained GPU bundle for nodes without a JDK or network: a jlink'ed Java runtime, the
# showers-gpu jars, the shipped calorimeter export and a launcher that finds the host's CUDA 13 libraries.
#   gpu/bundle.sh [OUT_DIR]     (default gpu/target/showers-gpu-bundle; also writes OUT_DIR.tar.gz)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/gpu/target/showers-gpu-bundle}"
EXPORT="$ROOT/models/calorimeter-wgan/generator-gpu.h5"
[[ -f "$EXPORT" ]] || { echo "bundle: $EXPORT is missing (bin/showers export --model models/calorimeter-wgan)" >&2; exit 2; }
(cd "$ROOT" && mvn -q -B -DskipTests package -pl gpu -am)
command -v jlink >/dev/null || { echo "bundle: jlink not found (needs a JDK 17+)" >&2; exit 2; }
rm -rf "$OUT" "$OUT.tar.gz"
mkdir -p "$OUT/bin" "$OUT/models/calorimeter-wgan"
# java.base, Unsafe for JavaCPP, java.logging for jline; nothing here needs AWT, SQL or XML
jlink --add-modules java.base,jdk.unsupported,java.logging --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$OUT/runtime"
cp -r "$ROOT/gpu/target/showers-gpu.jar" "$ROOT/gpu/target/lib" "$OUT/"
cp "$EXPORT" "$ROOT/models/calorimeter-wgan/MODEL_CARD.md" "$OUT/models/calorimeter-wgan/"
cp "$ROOT/gpu/src/main/sh/cuda-libraries.sh" "$OUT/bin/"
cat > "$OUT/bin/showers-gpu" <<'LAUNCHER'
#!/usr/bin/env bash
# showers-gpu from the self-contained bundle: its own Java runtime, the host's CUDA 13 libraries.
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$HOME_DIR/bin/cuda-libraries.sh"
exec "$HOME_DIR/runtime/bin/java" ${SHOWERS_JAVA_OPTS:--Xmx8g} -Dshowers.home="$HOME_DIR" \
  -jar "$HOME_DIR/showers-gpu.jar" "$@"
LAUNCHER
chmod +x "$OUT/bin/showers-gpu"
tar -C "$(dirname "$OUT")" -czf "$OUT.tar.gz" "$(basename "$OUT")"
echo "bundle: $OUT ($(du -sh "$OUT" | cut -f1)), $OUT.tar.gz ($(du -sh "$OUT.tar.gz" | cut -f1))"
