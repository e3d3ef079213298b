#!/usr/bin/env bash
# Letters benchmark (issue 6, "Scale"); see docs/benchmarks.md.
#   bash bench/letters.sh
# Builds Release and runs the letters benchmark: the full synthetic case (491,840 persons over 28 laboratories) decrypted,
# composed, rendered into postal batches of 1,000 and zipped, then the same 1,000 letters through headless Chromium
# (print-to-PDF) and wkhtmltopdf. Prints letters/s, total time, peak memory and the ratios.
#
# Environment:
#   COUNT=491840 LABS=28 BATCH=1000 COMPARE=1000 THREADS=<cores>
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/wkhtmltopdf ] || need+=(wkhtmltopdf)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
dotnet build bench/Notifier.Benchmarks -c Release -v q -nologo >/dev/null
exec dotnet bench/Notifier.Benchmarks/bin/Release/net10.0/Notifier.Benchmarks.dll letters \
  --count "${COUNT:-491840}" --labs "${LABS:-28}" --batch "${BATCH:-1000}" --compare "${COMPARE:-1000}" --threads "${THREADS:-$(nproc)}"
